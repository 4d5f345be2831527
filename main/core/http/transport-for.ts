// The transport of an organization's requests: its own network settings over the environment's.
// Every request Tokendeck makes for an organization (token POSTs, API calls, the sign-in flows)
// takes the transport made here, so a proxy or CA set on the organization applies to all of them.
import type { Organization } from '../model/entities.js';
import { transportFromEnv, type ClientCertificate, type Transport } from './transport.js';

export interface TransportOptions {
  /** Presented on every connection (mTLS, RFC 8705): the client's, when it has one. */
  clientCertificate?: ClientCertificate | undefined;
  /** Where HTTPS_PROXY and NO_PROXY are read; default process.env (read at each call). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The organization's proxy replaces the environment's, its NO_PROXY with it (a proxy chosen for
 * one organization is not bypassed by rules written for another); without one, its NO_PROXY
 * entries are added to the environment's (`*` sends it direct). Its CA bundle is added to the
 * roots; the client certificate, when given, is presented.
 */
export function transportFor(org: Pick<Organization, 'network'>, options: TransportOptions = {}): Transport {
  const network = org.network;
  const env = transportFromEnv(options.env);
  const noProxy = network?.proxy ? (network.noProxy ?? []) : [...(env.noProxy ?? []), ...(network?.noProxy ?? [])];
  const proxy = network?.proxy ?? env.proxy;
  return {
    ...(proxy ? { proxy } : {}),
    ...(noProxy.length ? { noProxy } : {}),
    ...(network?.caPem ? { ca: network.caPem } : {}),
    ...(options.clientCertificate ? { clientCertificate: options.clientCertificate } : {}),
  };
}
