// A "Rename…" form for an organization, a client or an environment: the new name is checked as
// main checks it — its name rule (the same schema), and taken where a sibling has it in any case —
// before it is sent; main's own refusal (a name taken meanwhile) lands under the field too. Another
// case of its own name is a rename.
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { sameName } from '../../../main/core/model/primitives.js';
import { ErrorNotice } from './ErrorNotice.js';
import { Field } from './Field.js';
import { cancelOnEscape } from './focus-return.js';
import { placeError, validate } from './validation.js';
import { useAction } from '../state/use-action.js';

export interface RenameFormProps {
  current: string;
  /** The names the new one must not be (its siblings'): taken in any case. */
  taken: readonly string[];
  /** The schema main parses the new name with. */
  rule: z.ZodType<string, string>;
  /** Under the field while nothing is wrong: what follows the name, and that nothing is sent elsewhere. */
  hint: string;
  /** Makes the rename (the call, the reload, the new selection). */
  onRename: (name: string) => Promise<void>;
  onClose: () => void;
}

/** Why `typed` cannot be the new name, by the rule and the siblings' names; undefined if it can. */
function nameProblem({ current, taken, rule }: Pick<RenameFormProps, 'current' | 'taken' | 'rule'>, typed: string): string | undefined {
  const { data, errors } = validate(rule, typed);
  if (data === undefined) return Object.values(errors)[0];
  const clash = taken.find((name) => sameName(name, data) && !sameName(name, current));
  return clash === undefined ? undefined : `"${clash}" is taken (names match in any case)`;
}

export function RenameForm(props: RenameFormProps) {
  const { current, hint, onRename, onClose } = props;
  const [name, setName] = useState(current);
  const rename = useAction(async () => {
    await onRename(name.trim());
    onClose();
  });
  const typed = name.trim();
  const problem = typed && typed !== current ? nameProblem(props, typed) : undefined;
  const placed = placeError(rename.error, ['to', 'name']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed && typed !== current && !problem) void rename.run();
  };
  return (
    <form className="form rename-form" onSubmit={submit} onKeyDown={cancelOnEscape(onClose)} aria-label={`Rename ${current}`} noValidate>
      <Field label={`New name for ${current}`} error={problem ?? placed.fields.to ?? placed.fields.name} hint={hint}>
        {(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} />}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={rename.pending || !typed || typed === current || problem !== undefined}>
          Rename
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
      <ErrorNotice error={placed.notice} onDismiss={rename.clearError} />
    </form>
  );
}
