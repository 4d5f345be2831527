// One term and its value in a `<dl className="facts">` list.
import type { ReactNode } from 'react';

export function FactRow({ term, value }: { term: string; value: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  );
}
