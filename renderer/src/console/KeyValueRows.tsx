// Editable name/value rows (query parameters, headers), with add and remove.
import type { Pair } from './draft.js';

export function KeyValueRows({ label, rows, onChange, namePlaceholder }: { label: string; rows: Pair[]; onChange: (rows: Pair[]) => void; namePlaceholder: string }) {
  const update = (index: number, patch: Partial<Pair>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="kv-rows" role="group" aria-label={label}>
      {rows.map((row, index) => (
        <div className="kv-row" key={index}>
          <input aria-label={`${label} ${index + 1} name`} placeholder={namePlaceholder} value={row.name} onChange={(e) => update(index, { name: e.target.value })} />
          <input aria-label={`${label} ${index + 1} value`} placeholder="value" value={row.value} onChange={(e) => update(index, { value: e.target.value })} />
          <button type="button" className="link" aria-label={`Remove ${label.toLowerCase()} ${index + 1}`} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => onChange([...rows, { name: '', value: '' }])}>
        + {label.replace(/s$/, '')}
      </button>
    </div>
  );
}
