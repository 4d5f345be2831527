// An API that takes a static key, as many do: in a header of its choosing (X-API-Key by default)
// or a query parameter (api_key). It answers 401 to a request without the right key where it
// expects it, and a key in the wrong place is refused too (as real ones do: a header API ignores a
// query key). `GET /redirect?to=URL` answers 302 to that URL, for the redirect rules.
import { sendJson, startLoopback, type Loopback, type SeenRequest } from './loopback.js';

export interface ApiKeyServer extends Loopback {
  seen: SeenRequest[];
  /** Where the server looks for the key. */
  expects: { in: 'header' | 'query'; name: string };
}

export async function startApiKeyServer(key: string, expects: ApiKeyServer['expects'] = { in: 'header', name: 'X-API-Key' }): Promise<ApiKeyServer> {
  const seen: SeenRequest[] = [];
  const state = { expects };
  const loopback = await startLoopback((request, response) => {
    seen.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: '' });
    const url = new URL(request.url ?? '/', 'http://stand-in');
    if (url.pathname === '/redirect') {
      response.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
      return;
    }
    const { in: where, name } = state.expects;
    const given = where === 'header' ? request.headers[name.toLowerCase()] : url.searchParams.getAll(name);
    const values = Array.isArray(given) ? given : given === undefined ? [] : [given];
    if (values.length !== 1 || values[0] !== key) return sendJson(response, 401, { error: `missing or wrong key in ${where} ${name}` });
    return sendJson(response, 200, { path: url.pathname, ok: true });
  });
  return {
    ...loopback,
    seen,
    get expects() {
      return state.expects;
    },
    set expects(next) {
      state.expects = next;
    },
  };
}
