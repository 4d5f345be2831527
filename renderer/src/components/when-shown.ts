// Acts on an element of a view that may not be drawn yet: a view opens once its chunk and its
// organization have arrived (views.tsx), a few frames after the navigation that asked for it.

/** Calls `act` with the first element matching `selector`, checking each frame for up to `withinMs`. */
export function whenShown<E extends Element>(selector: string, act: (element: E) => void, withinMs = 3_000): void {
  const until = performance.now() + withinMs;
  const look = () => {
    const element = document.querySelector<E>(selector);
    if (element) act(element);
    else if (performance.now() < until) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}
