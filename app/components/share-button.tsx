// Share: the address bar already is the link to this very run (every setting, the seed, compare
// mode, a lesson step), and opening it reproduces the run exactly; this button says so and copies
// it. Where the clipboard is refused, the link is shown selected, to copy by hand.

import { memo, useEffect, useRef, useState } from 'react';

export const ShareButton = memo(function ShareButton() {
  const [shown, setShown] = useState<{ copied: boolean; link: string } | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!shown) return;
    if (!shown.copied) field.current?.select();
    const away = (e: PointerEvent): void => {
      if (!root.current?.contains(e.target as Node)) setShown(null);
    };
    const esc = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setShown(null);
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', esc);
    };
  }, [shown]);
  const share = async (): Promise<void> => {
    const link = location.href;
    let copied = false;
    try {
      await navigator.clipboard.writeText(link);
      copied = true;
    } catch {
      // No clipboard (permission, insecure context): show the link to copy by hand.
    }
    setShown({ copied, link });
  };
  return (
    <div ref={root} className="relative">
      <button
        type="button"
        className="btn"
        aria-expanded={shown !== null}
        onClick={() => (shown ? setShown(null) : void share())}
      >
        Share
      </button>
      {shown && (
        <div
          role="status"
          className="popover absolute top-full right-0 z-30 mt-1 w-80 max-w-[90vw]"
          data-testid="share-note"
        >
          <p className="font-semibold">{shown.copied ? 'Link copied.' : 'Copy this link:'}</p>
          <p className="mt-0.5">
            Whoever opens it gets this very run: the same settings, seed and scheduler (the address
            bar carries them all), so what they see is what you saw.
          </p>
          <input
            ref={field}
            readOnly
            className="input mt-1 w-full text-xs"
            value={shown.link}
            aria-label="Link to this run"
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      )}
    </div>
  );
});
