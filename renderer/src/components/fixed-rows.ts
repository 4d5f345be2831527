// A long list drawn only where it can be seen, so ten thousand clients scroll like ten. Every row
// has the same height, so which rows show follows from the scroll position alone: no measuring,
// and a few lines instead of a virtualization library in the first bundle.
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

export interface ShownRow {
  index: number;
  /** Its offset from the top of the list, in pixels. */
  start: number;
}

export interface FixedRows {
  /** The whole list's height: the spacer that gives the scroll bar its length. */
  totalSize: number;
  rows: ShownRow[];
  /** Scrolls the least that brings the row into view (none when it is). */
  scrollToIndex(index: number): void;
}

interface Options {
  count: number;
  rowHeight: number;
  /** Rows drawn beyond each edge, so a fast scroll does not show blank space before the next render. */
  overscan: number;
  scroller: RefObject<HTMLElement | null>;
}

export function useFixedRows({ count, rowHeight, overscan, scroller }: Options): FixedRows {
  const [view, setView] = useState({ top: 0, height: 0 });
  const read = useCallback(() => {
    const element = scroller.current;
    if (element) setView((v) => (v.top === element.scrollTop && v.height === element.clientHeight ? v : { top: element.scrollTop, height: element.clientHeight }));
  }, [scroller]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    read();
    // Drawn in the scroll event itself, as the rows move: a render left for later shows a gap.
    const onScroll = () => flushSync(read);
    element.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resize.disconnect();
    };
  }, [scroller, read]);

  const first = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  const rows: ShownRow[] = [];
  for (let index = first; index <= last; index++) rows.push({ index, start: index * rowHeight });

  const scrollToIndex = useCallback(
    (index: number) => {
      const element = scroller.current;
      if (!element) return;
      const top = index * rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + rowHeight - element.clientHeight;
      read();
    },
    [scroller, rowHeight, read],
  );

  return { totalSize: count * rowHeight, rows, scrollToIndex };
}
