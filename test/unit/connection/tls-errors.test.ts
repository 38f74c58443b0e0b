// Certificate errors as Node reports them (err.code) → plain words, never
// retryable; everything else is left alone. The real errors, from real handshakes
// against the simulator, are checked in test/integration/tls.
import { describe, expect, it } from 'vitest';
import { certificateProblem, certificateRejection } from '../../../app/main/tserver/connection/tls-errors.ts';
import { errorInfoOf } from '../../../app/main/tserver/session/error-info.ts';

const nodeError = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`node says ${code}`), { code, ...extra });

describe('certificateProblem', () => {
  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'untrusted', "the server's certificate is not trusted (self-signed)"],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'untrusted', "the server's certificate is not trusted (issued by a certificate authority this computer does not trust)"],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'untrusted', "the server's certificate is not trusted (issued by an unknown certificate authority)"],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'untrusted', "the server's certificate is not trusted (issued by an unknown certificate authority)"],
    ['UNABLE_TO_GET_ISSUER_CERT', 'untrusted', "the server's certificate is not trusted (issued by an unknown certificate authority)"],
    ['CERT_UNTRUSTED', 'untrusted', "the server's certificate is not trusted"],
    ['INVALID_CA', 'untrusted', "the server's certificate is not trusted (its issuer is not a certificate authority)"],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'wrong-host', "the server's certificate is for another host name"],
    ['HOSTNAME_MISMATCH', 'wrong-host', "the server's certificate is for another host name"],
    ['CERT_HAS_EXPIRED', 'expired', "the server's certificate has expired"],
    ['CERT_NOT_YET_VALID', 'not-yet-valid', "the server's certificate is not valid yet (or this computer's clock is wrong)"],
    ['CERT_REVOKED', 'revoked', "the server's certificate has been revoked"],
    ['INVALID_PURPOSE', 'invalid', "the server's certificate is not meant for a server"],
    ['CERT_SIGNATURE_FAILURE', 'invalid', "the server's certificate is damaged (its signature does not match)"],
    ['ERROR_IN_CERT_NOT_AFTER_FIELD', 'invalid', "the server's certificate has unreadable validity dates"],
    ['ERR_TLS_CERT_ALTNAME_FORMAT', 'invalid', "the server's certificate has a malformed list of host names"],
    ['CERT_CHAIN_TOO_LONG', 'invalid', "the server's certificate chain is too long"],
  ])('%s → %s', (code, kind, words) => {
    expect(certificateProblem(nodeError(code))).toEqual({ kind, code, words, detail: `${words} [${code}]`, retryable: false });
  });

  it('a host-name mismatch names the host asked for and the names the certificate carries', () => {
    const err = nodeError('ERR_TLS_CERT_ALTNAME_INVALID', { host: 'tsrv-east.example.com', cert: { subjectaltname: 'DNS:tsrv-west.example.com, IP Address:10.0.0.2' } });
    expect(certificateProblem(err)?.detail).toBe(
      "the server's certificate is for another host name [ERR_TLS_CERT_ALTNAME_INVALID; asked for tsrv-east.example.com, the certificate is for DNS:tsrv-west.example.com, IP Address:10.0.0.2]",
    );
    expect(certificateProblem(nodeError('ERR_TLS_CERT_ALTNAME_INVALID', { host: '127.0.0.1', cert: { subjectaltname: '' } }))?.detail).toBe(
      "the server's certificate is for another host name [ERR_TLS_CERT_ALTNAME_INVALID; asked for 127.0.0.1]",
    );
  });

  it.each([
    ['a reset', nodeError('ECONNRESET')],
    ['a refused connect', nodeError('ECONNREFUSED')],
    ['a TLS protocol mismatch', nodeError('ERR_SSL_WRONG_VERSION_NUMBER')],
    ['a code inherited from Object.prototype', nodeError('toString')],
    ['an error without a code', new Error('boom')],
    ['a numeric code', { code: 119 }],
    ['a string', 'CERT_HAS_EXPIRED'],
    ['null', null],
  ])('leaves %s alone', (_label, err) => {
    expect(certificateProblem(err)).toBeNull();
  });
});

describe('certificateRejection', () => {
  it("is open()'s not-retryable rejection: the connection ended (refused), in the problem's words", () => {
    const rejection = certificateRejection('tserver-east', nodeError('CERT_HAS_EXPIRED'))!;
    expect(rejection.info).toEqual({ reason: 'refused', detail: "the server's certificate has expired [CERT_HAS_EXPIRED]" });
    expect(rejection.error).toMatchObject({
      kind: 'disconnected',
      code: null,
      retryable: false,
      message: "open tserver-east: the server's certificate has expired [CERT_HAS_EXPIRED]",
      disconnect: rejection.info,
    });
  });

  it('stays not retryable through the session’s one converter (what the dial loop and the snapshot see)', () => {
    const rejection = certificateRejection('a', nodeError('DEPTH_ZERO_SELF_SIGNED_CERT'))!;
    expect(errorInfoOf(rejection.error, 'a')).toEqual({
      code: null,
      message: "open a: the server's certificate is not trusted (self-signed) [DEPTH_ZERO_SELF_SIGNED_CERT]",
      retryable: false,
      server: 'a',
    });
  });

  it('is null for an error that is not about the certificate', () => {
    expect(certificateRejection('a', nodeError('ECONNRESET'))).toBeNull();
  });
});
