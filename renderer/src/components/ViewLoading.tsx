// A view's place while it is on its way: its chunk, its organization, the whole tree.

/**
 * Holds a view's place while its chunk or its organization arrives: blank (a local load takes a
 * few milliseconds, and a flash of "Loading…" would be noise); the words fade in only if it
 * takes longer (styles.css, .view-loading).
 */
export function ViewLoading() {
  return (
    <p className="view-loading muted pad" role="status">
      Loading…
    </p>
  );
}
