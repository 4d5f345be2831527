// Where an API-key organization sends its key: a header or a query parameter, and its name. A
// change of either is a destination change, which main confirms before it is saved.
import type { ApiKeyPlacement } from '../../../main/core/providers/spec.js';
import { Field } from '../components/Field.js';

export function ApiKeyPlacementFields({ value, error, onChange }: { value: ApiKeyPlacement; error?: string | undefined; onChange: (next: ApiKeyPlacement) => void }) {
  return (
    <div className="row">
      <Field label="Key goes in">
        {(id) => (
          <select id={id} value={value.in} onChange={(e) => onChange({ in: e.target.value as ApiKeyPlacement['in'], name: value.name })}>
            <option value="header">a header</option>
            <option value="query">a query parameter</option>
          </select>
        )}
      </Field>
      <Field
        label={value.in === 'header' ? 'Header name' : 'Query parameter name'}
        error={error}
        hint={value.in === 'header' ? 'As the API documents it, e.g. X-API-Key' : 'As the API documents it, e.g. api_key; the key is then part of the URL, scrubbed wherever Tokendeck shows one'}
      >
        {(id) => <input id={id} value={value.name} onChange={(e) => onChange({ in: value.in, name: e.target.value })} spellCheck={false} />}
      </Field>
    </div>
  );
}
