// Holder identities in a row. client-go identities of real components are `<hostname>_<uuid>`
// (60 and more characters): in a tree row or a table cell the end of the pod name is what tells
// two holders apart, and the UUID only has to stay recognisable. Rows show the identity shortened
// in the middle; tooltips, dialogs and the detail show it whole.

/** Longest identity a row shows unshortened. */
export const ROW_IDENTITY_LENGTH = 48;

const CUT_BY_DISPLAY_TEXT = /… \(\d+ more characters\)$/;

const POD_UUID = /^(.+)_([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/**
 * `snapshot-controller-5d8f9c7b4-x2x9k_1b4e28ba-2fa1-11d2-883f-0016d3cca427` →
 * `snapshot-controller-5d8f9c7b4-x2x9k_1b4e…a427`; anything else longer than `max` keeps its
 * start and its end around one `…`. Works on code points, so no surrogate pair is split.
 */
export function shortIdentity(identity: string, max: number = ROW_IDENTITY_LENGTH): string {
  // Already cut by displayText, with a count of what is not shown: keep that count.
  if (CUT_BY_DISPLAY_TEXT.test(identity)) return identity;
  const chars = [...identity];
  if (chars.length <= max) return identity;
  const m = POD_UUID.exec(identity);
  const compact = m === null ? identity : `${m[1]}_${m[2]!.slice(0, 4)}…${m[2]!.slice(-4)}`;
  const compactChars = [...compact];
  if (compactChars.length <= max) return compact;
  const tail = Math.min(12, Math.floor((max - 1) / 3));
  const head = max - 1 - tail;
  return `${compactChars.slice(0, head).join('')}…${compactChars.slice(-tail).join('')}`;
}
