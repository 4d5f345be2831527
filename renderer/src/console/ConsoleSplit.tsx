// The console's request above, its response below, and between them a splitter that moves with the
// pointer or the keyboard (arrows, Page Up/Down, Home, End: the WAI-ARIA window splitter). Where it
// was left is remembered in localStorage: a layout choice, not a secret. By default the response
// gets three fifths, so at 900×600 it has more than half the room.
import { useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';

const STORAGE_KEY = 'tokendeck.console.requestShare';
const DEFAULT_SHARE = 0.4;
const MIN_SHARE = 0.15;
const MAX_SHARE = 0.8;
const STEP = 0.05;

const clamp = (share: number) => Math.min(MAX_SHARE, Math.max(MIN_SHARE, share));

function storedShare(): number {
  try {
    const stored = Number(localStorage.getItem(STORAGE_KEY));
    return stored > 0 ? clamp(stored) : DEFAULT_SHARE;
  } catch {
    return DEFAULT_SHARE;
  }
}

function remember(share: number): void {
  try {
    localStorage.setItem(STORAGE_KEY, share.toFixed(3));
  } catch {
    // Storage refused (private mode, quota): the split still moves, it is just not remembered.
  }
}

export function ConsoleSplit({ request, response }: { request: ReactNode; response: ReactNode }) {
  const [share, setShare] = useState(storedShare);
  const box = useRef<HTMLDivElement>(null);
  const move = (next: number) => {
    const clamped = clamp(next);
    setShare(clamped);
    remember(clamped);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const keys: Record<string, number> = { ArrowUp: share - STEP, ArrowDown: share + STEP, PageUp: share - 4 * STEP, PageDown: share + 4 * STEP, Home: MIN_SHARE, End: MAX_SHARE };
    const next = keys[event.key];
    if (next === undefined) return;
    event.preventDefault();
    move(next);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!event.currentTarget.hasPointerCapture(event.pointerId) || !box.current) return;
    const { top, height } = box.current.getBoundingClientRect();
    if (height > 0) move((event.clientY - top) / height);
  };
  return (
    <div ref={box} className="console-split" style={{ gridTemplateRows: `minmax(0, ${share}fr) 10px minmax(0, ${1 - share}fr)` }}>
      <div className="console-pane request-pane">
        {request}
      </div>
      <div
        className="console-splitter"
        role="separator"
        aria-orientation="horizontal"
        aria-label="Resize the request and the response"
        aria-valuemin={Math.round(MIN_SHARE * 100)}
        aria-valuemax={Math.round(MAX_SHARE * 100)}
        aria-valuenow={Math.round(share * 100)}
        aria-valuetext={`request ${Math.round(share * 100)} %, response ${Math.round((1 - share) * 100)} %`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onPointerDown={(event) => event.currentTarget.setPointerCapture(event.pointerId)}
        onPointerMove={onPointerMove}
        onPointerUp={(event) => event.currentTarget.releasePointerCapture(event.pointerId)}
        onDoubleClick={() => move(DEFAULT_SHARE)}
        title="Drag, or focus and use the arrow keys; double-click for the default"
      />
      <div className="console-pane response-pane">
        {response}
      </div>
    </div>
  );
}
