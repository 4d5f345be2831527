// What every guided connection shows: its title with the leave button, and its numbered steps —
// done ones ticked, the current one open with its body (ConnectWizard, SignInWizard).
import type { ReactNode } from 'react';

export function WizardHeader({ title, org, onLeave }: { title: string; org: string | undefined; onLeave: () => void }) {
  return (
    <div className="view-header">
      <h2>
        {title}
        {org && <span className="muted"> · {org}</span>}
      </h2>
      <button type="button" onClick={onLeave}>
        Leave (continue later)
      </button>
    </div>
  );
}

interface Step<Id extends string> {
  id: Id;
  title: string;
  done: boolean;
}

/** `open`: which steps show their body (the current one unless said otherwise). */
export function StepList<Id extends string>({ steps, current, body, open = (step) => step.id === current }: { steps: ReadonlyArray<Step<Id>>; current: Id; body: (id: Id) => ReactNode; open?: (step: Step<Id>) => boolean }) {
  return (
    <ol className="connect-steps">
      {steps.map((step, index) => (
        <li key={step.id} className={`connect-step ${step.done ? 'done' : step.id === current ? 'current' : 'later'}`} aria-current={step.id === current ? 'step' : undefined}>
          <h3>
            <span className="connect-step-number">{step.done ? '✓' : index + 1}</span> {step.title}
            {step.done && <span className="badge ok">done</span>}
          </h3>
          {open(step) && body(step.id)}
        </li>
      ))}
    </ol>
  );
}
