// The request console's state and what changes it, apart from how it looks: the draft being
// composed (checked the way main checks it), the one request in flight and its answer (or its
// answers, one per environment, for "Send to all environments"), the client picker following the
// title bar's environment, and the organization's history and saved requests. The console's
// components only render this.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HistoryEntry, SavedRequest } from '../../../main/core/console/console-model.js';
import type { AllEnvironmentsAnswer, CallInput, ConsoleResponse, OrganizationTree } from '../../../preload/contract.js';
import { consolePresets } from '../../../main/core/console/presets.js';
import type { ErrorPayload } from '../../../main/core/errors.js';
import { call, errorPayload } from '../bridge.js';
import type { FieldErrors } from '../components/validation.js';
import { useEnvironmentFilter } from '../state/environment-filter.js';
import { seenClient } from '../state/seen-client.js';
import { useAction } from '../state/use-action.js';
import { checkDraft, emptyDraft, fromRequest, patchDraft, type Draft } from './draft.js';
import { clientPicks, clientsShown, sendAllRefusal } from './environments.js';

export type ComposerTab = 'query' | 'headers' | 'body';
export type ConsolePanel = 'response' | 'history' | 'saved';
export type DraftCheck = ReturnType<typeof checkDraft>;

/** The draft, the messages on its fields and the request part on show. */
function useDraft(org: OrganizationTree, client: string | undefined, filter: string | null) {
  // A client the console was opened for stays chosen; otherwise the title bar's environment's first.
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(org, client ?? clientsShown(org, filter).clients[0]?.name));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [tab, setTab] = useState<ComposerTab>('query');

  const set = (patch: Partial<Draft>) => setDraft((current) => patchDraft(org, current, patch));

  // The title bar's environment changed: a client of that environment takes the place of one outside it.
  const shownFilter = useRef(filter);
  useEffect(() => {
    if (shownFilter.current === filter) return;
    shownFilter.current = filter;
    const { clients } = clientsShown(org, filter);
    setDraft((current) => (clients.some((c) => c.name === current.client) || !clients[0] ? current : patchDraft(org, current, { client: clients[0].name, sub: '' })));
  }, [org, filter]);

  /** Checks the draft like main will; the messages land on their fields. */
  const check = (from: Draft = draft): DraftCheck => {
    const result = checkDraft(org, from);
    setErrors(result.errors);
    // Show the part of the request the first problem is in.
    const part = (['query', 'headers', 'body'] as const).find((name) => result.errors[name]);
    if (part) setTab(part);
    return result;
  };

  /** Puts a history entry's or saved request's request in the composer; the timeout stays. */
  const load = (entry: HistoryEntry | SavedRequest): Draft => {
    const next = fromRequest(entry.request, draft.timeoutSeconds);
    setDraft(next);
    setErrors({});
    return next;
  };

  const formatJson = () => {
    try {
      set({ bodyText: JSON.stringify(JSON.parse(draft.bodyText), null, 2) });
      setErrors(({ body: _body, ...rest }) => rest);
    } catch (error) {
      setErrors((current) => ({ ...current, body: `not valid JSON (${(error as Error).message})` }));
    }
  };

  const applyPreset = (index: number) => {
    const preset = consolePresets(org)[index];
    if (preset) set({ method: preset.request.method, url: preset.request.url, scheme: preset.request.scheme ?? '' });
  };

  /** A message of the composer's own, on one field (the other messages go). */
  const refuse = (field: string, message: string) => setErrors({ [field]: message });

  return { draft, errors, tab, setTab, set, check, load, formatJson, applyPreset, refuse };
}

/** The request in flight (at most one), its answer (or one per environment) or its error, and its cancel. */
function useExchange() {
  const [pendingId, setPendingId] = useState<string>();
  const [response, setResponse] = useState<ConsoleResponse>();
  const [all, setAll] = useState<AllEnvironmentsAnswer>();
  const [error, setError] = useState<ErrorPayload>();

  async function send({ request, timeoutMs }: Required<Pick<DraftCheck, 'request' | 'timeoutMs'>>, fresh: boolean, seen: string): Promise<void> {
    const requestId = crypto.randomUUID();
    await exchange(requestId, async () => setResponse(await call('console.send', { requestId, request, timeoutMs, fresh, seenClient: seen })));
  }

  async function sendAll(input: Omit<CallInput<'console.sendAll'>, 'requestId'>): Promise<void> {
    const requestId = crypto.randomUUID();
    await exchange(requestId, async () => setAll(await call('console.sendAll', { requestId, ...input })));
  }

  /** One exchange: each starts from an empty panel, so an earlier answer never reads as this one's. */
  async function exchange(requestId: string, run: () => Promise<void>): Promise<void> {
    setPendingId(requestId);
    setResponse(undefined);
    setAll(undefined);
    setError(undefined);
    try {
      await run();
    } catch (caught) {
      // The request stays in the composer, ready to send again.
      setError(errorPayload(caught));
    } finally {
      setPendingId(undefined);
    }
  }

  const cancel = useAction(async () => {
    if (pendingId) await call('console.cancel', { requestId: pendingId });
  });

  /** A send the composer refused: that is its outcome, in place of the last one's. */
  function refuse(refusal: ErrorPayload): void {
    setResponse(undefined);
    setAll(undefined);
    setError(refusal);
  }

  return { pendingId, response, all, error, send, sendAll, refuse, cancel: () => void cancel.run(), cancelError: cancel.error };
}

/** The organization's history and saved requests, as main keeps them. */
function useLists(orgName: string) {
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [saved, setSaved] = useState<SavedRequest[]>([]);

  const reload = useCallback(async () => {
    const [h, s] = await Promise.all([call('console.history', { org: orgName }), call('console.saved', { org: orgName })]);
    setHistory(h);
    setSaved(s);
  }, [orgName]);
  const loading = useAction(reload);
  const { run: refresh } = loading;
  useEffect(() => void refresh(), [refresh]);

  const removeSaved = useAction(async (item: SavedRequest) => {
    await call('console.removeSaved', { org: orgName, id: item.id });
    await reload();
  });
  const clearHistory = useAction(async () => {
    await call('console.clearHistory', { org: orgName });
    await reload();
  });

  /** URLs sent or saved before, offered as the URL field's completions. */
  const completions = useMemo(() => [...new Set([...saved.map((s) => s.request.url), ...history.map((h) => h.request.url)])].slice(0, 50), [saved, history]);

  return {
    history,
    saved,
    completions,
    reload,
    refresh: () => void refresh(),
    removeSaved: (item: SavedRequest) => void removeSaved.run(item),
    clearHistory: () => void clearHistory.run(),
    error: loading.error ?? removeSaved.error ?? clearHistory.error,
  };
}

/** The composer's fields as the notice names them: words for people, not the draft's keys. */
const FIELD_WORDS: Record<string, string> = { url: 'the URL', query: 'a query parameter', headers: 'a header', body: 'the body', timeout: 'the timeout' };

/** The composer's refusal as a send's outcome; the message itself is on its field too. */
function notSent({ errors, scopeRefused }: DraftCheck): ErrorPayload {
  const [field = 'form', message = 'the request is incomplete'] = Object.entries(errors)[0] ?? [];
  const said = (field === 'form' ? message : `${FIELD_WORDS[field] ?? field} — ${message}`).replace(/\.$/, '');
  // A URL outside the organization's origins is main's SCOPE refusal, made here first.
  return { code: scopeRefused && field === 'url' ? 'SCOPE' : 'VALIDATION', message: `Not sent: ${said}. Nothing left Tokendeck; fix it and send again.`, field };
}

/** "Send to all environments": whether production goes too, and the client picked where an environment has several. */
function useAllEnvironmentsOptions() {
  const [includeProduction, setIncludeProduction] = useState(false);
  const [picks, setPicks] = useState<Record<string, string>>({});
  const pick = (environment: string, client: string) => setPicks((current) => ({ ...current, [environment]: client }));
  return { includeProduction, setIncludeProduction, picks, pick };
}

export function useConsole(org: OrganizationTree, client: string | undefined) {
  const filter = useEnvironmentFilter();
  const composer = useDraft(org, client, filter);
  const exchange = useExchange();
  const lists = useLists(org.name);
  const allOptions = useAllEnvironmentsOptions();
  const [panel, setPanel] = useState<ConsolePanel>('response');

  /** Sends the draft (or `from`) if it passes the check; the history shows it afterwards. */
  async function send(from: Draft = composer.draft, fresh = false): Promise<void> {
    const checked = composer.check(from);
    const { request, timeoutMs } = checked;
    setPanel('response');
    if (!request || timeoutMs === undefined) return exchange.refuse(notSent(checked));
    // "Allow any origin" went with this request and with it only, whatever its outcome.
    if (request.allowAnyOrigin) composer.set({ allowAnyOrigin: false });
    await exchange.send({ request, timeoutMs }, fresh, seenClient(org, request.client));
    lists.refresh();
  }

  /** The draft to each environment with its own client: a path only, never "allow any origin". */
  async function sendAll(): Promise<void> {
    const refusal = sendAllRefusal(org, composer.draft.url);
    setPanel('response');
    if (refusal) {
      composer.refuse('url', refusal);
      return exchange.refuse({ code: 'VALIDATION', message: `Not sent: ${refusal}.`, field: 'url' });
    }
    const checked = composer.check({ ...composer.draft, allowAnyOrigin: false });
    const { request, timeoutMs } = checked;
    if (!request || timeoutMs === undefined) return exchange.refuse(notSent(checked));
    const { client: _client, allowAnyOrigin: _any, ...shared } = request;
    await exchange.sendAll({
      request: shared,
      timeoutMs,
      includeProduction: allOptions.includeProduction,
      clients: clientPicks(org, allOptions.picks, composer.draft.client),
      seenClients: org.clients.map((c) => c.id),
    });
    lists.refresh();
  }

  return {
    composer,
    exchange,
    lists,
    allOptions,
    shownClients: clientsShown(org, filter),
    panel,
    setPanel,
    send: () => void send(),
    sendAll: () => void sendAll(),
    retryFresh: () => void send(composer.draft, true),
    load: (entry: HistoryEntry | SavedRequest) => void composer.load(entry),
    rerun: (entry: HistoryEntry | SavedRequest) => void send(composer.load(entry)),
  };
}

export type ConsoleState = ReturnType<typeof useConsole>;
export type ComposerState = ConsoleState['composer'];
