// Secret sources (issue 24): the team's pass store and Vault server this machine reads secrets
// from, set up here and kept in sources.json (never in a setup file). A client or key then names a
// reference (`pass:team/…`) instead of holding a pasted secret. Re-pointing a source or taking it
// down is confirmed by main's own dialog; the Vault token goes to the keychain and never comes back.
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { SourcesView as Sources } from '../../../preload/contract.js';
import { call } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { FactRow } from '../components/FactRow.js';
import { Field } from '../components/Field.js';
import { placeError, splitList } from '../components/validation.js';
import { useAction } from '../state/use-action.js';
import { ReferenceField } from './ReferenceCheck.js';
import { SourceAuditPanel } from './SourceAuditPanel.js';

function Choice<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: ReadonlyArray<readonly [T, string]>; onChange: (value: T) => void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map(([option, text]) => (
        <button key={option} type="button" role="radio" aria-checked={value === option} onClick={() => onChange(option)}>
          {text}
        </button>
      ))}
    </div>
  );
}

/** A source that is set up: its facts, a Check field, and its own buttons. */
function SetUpSource({ facts, prefixKind, hint, children }: { facts: Array<[string, ReactNode]>; prefixKind: string; hint: string; children: ReactNode }) {
  const [reference, setReference] = useState('');
  return (
    <>
      <dl className="facts">
        {facts.map(([term, value]) => (
          <FactRow key={term} term={term} value={value} />
        ))}
      </dl>
      <div className="actions">{children}</div>
      <ReferenceField label={`Check a reference (${prefixKind})`} value={reference} onChange={setReference} hint={hint} />
    </>
  );
}

const codes = (items: string[]) => (items.length ? items.map((item) => <code key={item} className="prefix">{item}/</code>) : <span className="muted">none: an imported setup may not reference it</span>);

function PassForm({ sources, onDone }: { sources: Sources; onDone: () => Promise<void> }) {
  const [how, setHow] = useState<'clone' | 'folder'>(sources.pass ? 'folder' : 'clone');
  const [remote, setRemote] = useState('');
  const [storeDir, setStoreDir] = useState(sources.pass?.storeDir ?? '');
  const [gnupgHome, setGnupgHome] = useState(sources.pass?.gnupgHome ?? '');
  const [prefixes, setPrefixes] = useState(sources.pass?.prefixes.map((p) => `${p}/`).join(', ') ?? 'team/');
  const save = useAction(async () => {
    await call('sources.setUpPass', { storeDir: storeDir.trim(), ...(how === 'clone' ? { cloneFrom: remote.trim() } : {}), ...(gnupgHome.trim() ? { gnupgHome: gnupgHome.trim() } : {}), prefixes: splitList(prefixes) });
    await onDone();
  });
  const placed = placeError(save.error, ['remote', 'storeDir', 'gnupgHome', 'prefixes']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Set up the team pass store">
      <Choice label="Where the store is" value={how} onChange={setHow} options={[['clone', 'Clone the team’s git remote'], ['folder', 'A folder already on this machine']]} />
      {how === 'clone' && (
        <Field label="Git remote" error={placed.fields.remote} hint="ssh, https or a path: git@git.example.com:team/pass-store.git">
          {(id) => <input id={id} value={remote} onChange={(e) => setRemote(e.target.value)} spellCheck={false} placeholder="git@git.example.com:team/pass-store.git" />}
        </Field>
      )}
      <Field label={how === 'clone' ? 'Clone into folder' : 'Store folder'} error={placed.fields.storeDir} hint={how === 'clone' ? 'A new or empty folder' : 'The folder holding the store’s .gpg-id'}>
        {(id) => <input id={id} value={storeDir} onChange={(e) => setStoreDir(e.target.value)} spellCheck={false} placeholder="/home/you/.password-store-team" />}
      </Field>
      <div className="row">
        <Field label="GnuPG home (optional)" error={placed.fields.gnupgHome} hint="Leave empty to decrypt with your own (~/.gnupg)">
          {(id) => <input id={id} value={gnupgHome} onChange={(e) => setGnupgHome(e.target.value)} spellCheck={false} placeholder="~/.gnupg" />}
        </Field>
        <Field label="Allowed prefixes" error={placed.fields.prefixes} hint="What a teammate’s setup file may reference, comma-separated">
          {(id) => <input id={id} value={prefixes} onChange={(e) => setPrefixes(e.target.value)} spellCheck={false} placeholder="team/" />}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.pending || !storeDir.trim() || (how === 'clone' && !remote.trim())}>
          {save.pending ? (how === 'clone' ? 'Cloning…' : 'Setting up…') : how === 'clone' ? 'Clone and set up' : 'Set up pass store'}
        </button>
      </div>
      <ErrorNotice error={placed.notice} onDismiss={save.clearError} />
    </form>
  );
}

function VaultForm({ sources, onDone }: { sources: Sources; onDone: () => Promise<void> }) {
  const current = sources.vault;
  const [address, setAddress] = useState(current?.address ?? '');
  const [namespace, setNamespace] = useState(current?.namespace ?? '');
  const [prefixes, setPrefixes] = useState(current?.prefixes.map((p) => `${p}/`).join(', ') ?? '');
  const [method, setMethod] = useState<'token' | 'env' | 'approle'>(current?.auth ?? 'token');
  const [token, setToken] = useState('');
  const [roleId, setRoleId] = useState(current?.roleId ?? '');
  const [secretId, setSecretId] = useState('');
  const save = useAction(async () => {
    const auth =
      method === 'token' ? { method, ...(token ? { token } : {}) } : method === 'approle' ? { method, roleId: roleId.trim(), ...(secretId ? { secretId } : {}) } : { method };
    await call('sources.setUpVault', { address: address.trim(), ...(namespace.trim() ? { namespace: namespace.trim() } : {}), prefixes: splitList(prefixes), auth });
    setToken('');
    setSecretId('');
    await onDone();
  });
  const placed = placeError(save.error, ['address', 'namespace', 'prefixes', 'token', 'roleId', 'secretId']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  const kept = current?.credentialInKeychain ? 'Leave empty to keep the one in the keychain' : 'Kept in the OS keychain; never shown again';
  return (
    <form className="form" onSubmit={submit} aria-label="Set up Vault">
      <div className="row">
        <Field label="Address" error={placed.fields.address} hint="VAULT_ADDR, https (http only on this machine)">
          {(id) => <input id={id} value={address} onChange={(e) => setAddress(e.target.value)} spellCheck={false} placeholder="https://vault.example.com:8200" />}
        </Field>
        <Field label="Namespace (optional)" error={placed.fields.namespace} hint="Vault Enterprise / HCP only">
          {(id) => <input id={id} value={namespace} onChange={(e) => setNamespace(e.target.value)} spellCheck={false} placeholder="admin/team" />}
        </Field>
      </div>
      <Field label="Allowed mount and prefixes" error={placed.fields.prefixes} hint="<mount>/<path> a teammate’s setup may reference, comma-separated">
        {(id) => <input id={id} value={prefixes} onChange={(e) => setPrefixes(e.target.value)} spellCheck={false} placeholder="secret/musimap/" />}
      </Field>
      <Choice label="Vault sign-in" value={method} onChange={setMethod} options={[['token', 'Token'], ['env', 'VAULT_TOKEN'], ['approle', 'AppRole']]} />
      {method === 'token' && (
        <Field label="Token" error={placed.fields.token} hint={kept}>
          {(id) => <input id={id} type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />}
        </Field>
      )}
      {method === 'env' && <p className="muted small-text">Tokendeck uses VAULT_TOKEN from the environment it was started in.</p>}
      {method === 'approle' && (
        <div className="row">
          <Field label="Role ID" error={placed.fields.roleId}>
            {(id) => <input id={id} value={roleId} onChange={(e) => setRoleId(e.target.value)} spellCheck={false} />}
          </Field>
          <Field label="Secret ID" error={placed.fields.secretId} hint={kept}>
            {(id) => <input id={id} type="password" autoComplete="off" value={secretId} onChange={(e) => setSecretId(e.target.value)} />}
          </Field>
        </div>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.pending || !address.trim()}>
          Set up Vault
        </button>
      </div>
      <ErrorNotice error={placed.notice} onDismiss={save.clearError} />
    </form>
  );
}

export function SourcesView() {
  const [sources, setSources] = useState<Sources>();
  const [editing, setEditing] = useState<'pass' | 'vault'>();
  const [pulled, setPulled] = useState<string>();
  const load = useAction(useCallback(async () => setSources(await call('sources.view', {})), []));
  const act = useAction(async (run: () => Promise<unknown>) => {
    await run();
    await load.run();
  });
  const { run } = load;
  useEffect(() => void run(), [run]);
  const done = async () => {
    setEditing(undefined);
    await load.run();
  };
  const pull = () =>
    void act.run(async () => {
      const { updated } = await call('sources.pull', {});
      setPulled(updated ? `Pulled new commits at ${new Date().toLocaleTimeString()}.` : `Already up to date (${new Date().toLocaleTimeString()}).`);
    });

  return (
    <article className="view sources" aria-label="Secret sources">
      <header className="view-header">
        <h2>Secret sources</h2>
      </header>
      <p className="view-intro">
        Read your team’s secrets from its pass store or Vault instead of pasting them: a client or key names where its secret lives (<code>pass:team/…</code>), and Tokendeck
        reads it when it needs it.
      </p>
      <ErrorNotice error={load.error} />
      {sources && (
        <>
          <section className="panel" aria-label="Team pass store">
            <h3>Team pass store</h3>
            {sources.pass && editing !== 'pass' ? (
              <SetUpSource
                prefixKind="pass:…"
                hint="An entry of this store, e.g. pass:team/musimap/prod: read once, never shown"
                facts={[
                  ['Store', <code key="s">{sources.pass.storeDir}</code>],
                  ['GnuPG home', sources.pass.gnupgHome ? <code key="g">{sources.pass.gnupgHome}</code> : <span className="muted">yours (~/.gnupg)</span>],
                  ['Allowed prefixes', codes(sources.pass.prefixes)],
                  ['Pull', sources.pass.pull ? 'git pull before a read, at most every 5 minutes' : 'off: the folder is read as it is'],
                ]}
              >
                <button type="button" onClick={pull} disabled={act.pending}>
                  Pull
                </button>
                <button type="button" onClick={() => setEditing('pass')}>
                  Change…
                </button>
                {/* Asked in main's own dialog, naming what stops working. */}
                <button type="button" onClick={() => void act.run(() => call('sources.remove', { kind: 'pass' }))} disabled={act.pending}>
                  Remove…
                </button>
                {pulled && (
                  <span className="success" role="status">
                    {pulled}
                  </span>
                )}
              </SetUpSource>
            ) : (
              <>
                {!sources.pass && <p className="muted">Not set up. Clone the team’s store, or point at a clone you already have; gpg decrypts with your key.</p>}
                <PassForm sources={sources} onDone={done} />
                {editing === 'pass' && (
                  <button type="button" className="link" onClick={() => setEditing(undefined)}>
                    Cancel
                  </button>
                )}
              </>
            )}
          </section>
          <section className="panel" aria-label="Vault">
            <h3>Vault</h3>
            {sources.vault && editing !== 'vault' ? (
              <SetUpSource
                prefixKind="vault:…"
                hint="<mount>/<path>#<field>, e.g. vault:secret/musimap#client_secret: read once, never shown"
                facts={[
                  ['Address', <code key="a">{sources.vault.address}</code>],
                  ...(sources.vault.namespace ? [['Namespace', <code key="n">{sources.vault.namespace}</code>] as [string, ReactNode]] : []),
                  ['Allowed prefixes', codes(sources.vault.prefixes)],
                  [
                    'Sign-in',
                    sources.vault.auth === 'env' ? (
                      'VAULT_TOKEN of the environment'
                    ) : (
                      <>
                        {sources.vault.auth === 'token' ? 'token' : `AppRole ${sources.vault.roleId ?? ''}`}{' '}
                        <span className={sources.vault.credentialInKeychain ? 'badge ok' : 'badge warn'}>{sources.vault.credentialInKeychain ? 'in keychain' : 'missing from keychain'}</span>
                      </>
                    ),
                  ],
                ]}
              >
                <button type="button" onClick={() => setEditing('vault')}>
                  Change…
                </button>
                <button type="button" onClick={() => void act.run(() => call('sources.remove', { kind: 'vault' }))} disabled={act.pending}>
                  Remove…
                </button>
              </SetUpSource>
            ) : (
              <>
                {!sources.vault && <p className="muted">Not set up. A Vault or OpenBao server with a KV engine; the token stays in your keychain.</p>}
                <VaultForm sources={sources} onDone={done} />
                {editing === 'vault' && (
                  <button type="button" className="link" onClick={() => setEditing(undefined)}>
                    Cancel
                  </button>
                )}
              </>
            )}
          </section>
          <section className="panel" aria-label="Commands">
            <h3>Commands</h3>
            {sources.commands.length === 0 ? (
              <p className="muted small-text">
                None. A password manager’s command line (op, bw, aws) is set up by name with <code>tokendeck source add command</code>; a setup file can never add one.
              </p>
            ) : (
              <dl className="facts">
                {sources.commands.map((command) => (
                  <FactRow key={command.name} term={`command:${command.name}`} value={<code>{command.argv.join(' ')}</code>} />
                ))}
              </dl>
            )}
          </section>
          {(sources.pass || sources.vault || sources.commands.length > 0) && <SourceAuditPanel />}
          <p className="muted small-text">
            Kept in <code>{sources.file}</code>, on this machine only.
          </p>
          <ErrorNotice error={act.error} onDismiss={act.clearError} />
        </>
      )}
    </article>
  );
}
