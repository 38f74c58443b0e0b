// Node's TLS certificate errors in plain words. A certificate the client rejects
// stays rejected however often it redials: until IT fixes the server's
// certificate or the toolbar's trust settings (the CA it is given), retrying only
// knocks on the server again and again. So a recognised certificate error ends the
// open as not retryable (DESIGN.md §4 "Not retryable: … stop the loop and say
// so"), worded for the agent and IT, with Node's code kept for Details and the log.
// Anything not recognised here (a reset during the handshake, a timeout) is left
// to the connection's usual, retryable handling.
import { TServerError } from './errors.ts';
import type { DisconnectInfo } from './errors.ts';

export type CertificateProblemKind = 'untrusted' | 'wrong-host' | 'expired' | 'not-yet-valid' | 'revoked' | 'invalid';

export interface CertificateProblem {
  kind: CertificateProblemKind;
  /** Node's / OpenSSL's `err.code`, e.g. DEPTH_ZERO_SELF_SIGNED_CERT. */
  code: string;
  /** One plain phrase per problem, e.g. "the server's certificate is not trusted (self-signed)". */
  words: string;
  /** The words, the code and what Node knows beyond them (the host names for a mismatch): for logs and Details. */
  detail: string;
  retryable: false;
}

const NOT_TRUSTED = "the server's certificate is not trusted";
const UNKNOWN_ISSUER = `${NOT_TRUSTED} (issued by an unknown certificate authority)`;
const DAMAGED = "the server's certificate is damaged (its signature does not match)";
const TOO_LONG = "the server's certificate chain is too long";

/**
 * OpenSSL's verify results as Node names them (X509_V_ERR_* without the prefix),
 * plus Node's own host-name check. CRL codes are absent: the toolbar configures no
 * revocation lists, so OpenSSL never reports them.
 */
const PROBLEMS: Readonly<Record<string, readonly [CertificateProblemKind, string]>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: ['untrusted', `${NOT_TRUSTED} (self-signed)`],
  SELF_SIGNED_CERT_IN_CHAIN: ['untrusted', `${NOT_TRUSTED} (issued by a certificate authority this computer does not trust)`],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: ['untrusted', UNKNOWN_ISSUER],
  UNABLE_TO_GET_ISSUER_CERT: ['untrusted', UNKNOWN_ISSUER],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ['untrusted', UNKNOWN_ISSUER],
  CERT_UNTRUSTED: ['untrusted', NOT_TRUSTED],
  CERT_REJECTED: ['untrusted', NOT_TRUSTED],
  INVALID_CA: ['untrusted', `${NOT_TRUSTED} (its issuer is not a certificate authority)`],
  ERR_TLS_CERT_ALTNAME_INVALID: ['wrong-host', "the server's certificate is for another host name"],
  HOSTNAME_MISMATCH: ['wrong-host', "the server's certificate is for another host name"],
  CERT_HAS_EXPIRED: ['expired', "the server's certificate has expired"],
  CERT_NOT_YET_VALID: ['not-yet-valid', "the server's certificate is not valid yet (or this computer's clock is wrong)"],
  CERT_REVOKED: ['revoked', "the server's certificate has been revoked"],
  INVALID_PURPOSE: ['invalid', "the server's certificate is not meant for a server"],
  CERT_SIGNATURE_FAILURE: ['invalid', DAMAGED],
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: ['invalid', DAMAGED],
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: ['invalid', DAMAGED],
  ERROR_IN_CERT_NOT_BEFORE_FIELD: ['invalid', "the server's certificate has unreadable validity dates"],
  ERROR_IN_CERT_NOT_AFTER_FIELD: ['invalid', "the server's certificate has unreadable validity dates"],
  ERR_TLS_CERT_ALTNAME_FORMAT: ['invalid', "the server's certificate has a malformed list of host names"],
  CERT_CHAIN_TOO_LONG: ['invalid', TOO_LONG],
  PATH_LENGTH_EXCEEDED: ['invalid', TOO_LONG],
};

/** Node's ERR_TLS_CERT_ALTNAME_INVALID carries the name asked for and the certificate's names. */
function hostDetail(err: Record<string, unknown>): string {
  const host = typeof err['host'] === 'string' ? err['host'] : null;
  const cert = typeof err['cert'] === 'object' && err['cert'] !== null ? (err['cert'] as Record<string, unknown>) : {};
  const names = typeof cert['subjectaltname'] === 'string' && cert['subjectaltname'] !== '' ? cert['subjectaltname'] : null;
  const parts = [host === null ? null : `asked for ${host}`, names === null ? null : `the certificate is for ${names}`].filter((p) => p !== null);
  return parts.length === 0 ? '' : `; ${parts.join(', ')}`;
}

/** The certificate problem behind a socket error, or null when it is not one. */
export function certificateProblem(err: unknown): CertificateProblem | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as Record<string, unknown>;
  const code = e['code'];
  if (typeof code !== 'string' || !Object.hasOwn(PROBLEMS, code)) return null;
  const [kind, words] = PROBLEMS[code]!;
  const extra = kind === 'wrong-host' ? hostDetail(e) : '';
  return { kind, code, words, detail: `${words} [${code}${extra}]`, retryable: false };
}

export interface CertificateRejection {
  /** What open() rejects with: the connection ended, not retryable, in the problem's words. */
  error: TServerError;
  /** How the connection ended (EventServerDisconnected, `closed`): refused during the handshake. */
  info: DisconnectInfo;
  problem: CertificateProblem;
}

/** For a socket error during connect: the not-retryable rejection when it is a certificate problem, else null. */
export function certificateRejection(server: string, err: unknown): CertificateRejection | null {
  const problem = certificateProblem(err);
  if (!problem) return null;
  const info: DisconnectInfo = { reason: 'refused', detail: problem.detail };
  const error = new TServerError('disconnected', `open ${server}: ${problem.detail}`, null, false, info);
  return { error, info, problem };
}
