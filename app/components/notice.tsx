// The message area: import errors, URL fallbacks, info after an import. Dismissable. It sticks to
// the top of the screen, so a message about an import or a link is seen wherever the page is
// scrolled to.

import { memo } from 'react';
import { useApp } from '../state/app-store.ts';
import { dismissNotice } from '../state/actions.ts';

export const NoticeBanner = memo(function NoticeBanner() {
  const notice = useApp((s) => s.notice);
  if (!notice) return null;
  const error = notice.kind === 'error';
  return (
    <div
      role={error ? 'alert' : 'status'}
      data-testid="notice"
      className={`sticky top-2 z-30 flex items-start gap-3 rounded-lg border px-3 py-2 text-sm shadow-md ${error ? 'border-red-300 bg-red-50 text-red-900' : 'border-sky-200 bg-sky-50 text-sky-900'}`}
    >
      <div className="min-w-0 flex-1">
        <p className="font-semibold">{notice.title}</p>
        {notice.details.length > 0 && (
          <ul className="mt-0.5 list-disc pl-5 text-xs">
            {notice.details.slice(0, 12).map((d, i) => (
              <li key={i} className="break-words">
                {d}
              </li>
            ))}
            {notice.details.length > 12 && <li>…and {notice.details.length - 12} more</li>}
          </ul>
        )}
      </div>
      {notice.action && (
        <button type="button" className="btn-primary px-2 py-0 text-xs" onClick={notice.action.run}>
          {notice.action.label}
        </button>
      )}
      <button type="button" className="btn px-2 py-0 text-xs" onClick={dismissNotice}>
        Dismiss
      </button>
    </div>
  );
});
