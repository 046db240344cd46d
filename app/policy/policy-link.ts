// Sharing a policy in a link: put the editor's policy in the address bar (and the clipboard), and
// load one a link brings into the editor, without running it.

import { showNotice } from '../state/actions.ts';
import { policyStore } from './policy-store.ts';
import { POLICY_PARAM, decodePolicy, encodePolicy } from './policy-url.ts';

/** Put the editor's policy in the address bar and copy the link. */
export async function sharePolicy(source: string): Promise<void> {
  const enc = await encodePolicy(source);
  if (!enc.ok) {
    policyStore.setState({ share: { ok: false, text: enc.message } });
    return;
  }
  const params = new URLSearchParams(location.search);
  params.set(POLICY_PARAM, enc.value);
  history.replaceState(null, '', `${location.pathname}?${params.toString()}${location.hash}`);
  let copied = false;
  try {
    await navigator.clipboard.writeText(location.href);
    copied = true;
  } catch {
    // No clipboard (an insecure context, or permission refused): the address bar has it.
  }
  policyStore.setState({
    share: {
      ok: true,
      text: `${copied ? 'Link copied' : 'The link is in the address bar'} (${enc.value.length.toLocaleString('en')} characters of policy).`,
    },
  });
}

/**
 * A link with `?policy=`: load it into the editor (open), but do not run it. Code from a link runs
 * only when the person has read it and pressed Run.
 */
export async function loadPolicyFromLink(): Promise<void> {
  const value = new URLSearchParams(location.search).get(POLICY_PARAM);
  if (value === null) return;
  const decoded = await decodePolicy(value);
  if (!decoded.ok) {
    showNotice({
      kind: 'error',
      title: 'This link has a policy SchedLab cannot read; it was left out',
      details: [decoded.message],
    });
    return;
  }
  policyStore.setState({ open: true, source: decoded.source, fromLink: true });
}
