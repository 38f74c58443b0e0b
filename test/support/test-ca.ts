// A throwaway certificate authority made at test time, for TLS tests against the
// simulator. Nothing here is committed: keys and certificates live in memory (a
// test that needs files, such as the sim CLI's, writes them to its own temp dir).
// Node can parse X.509 but not create it, so node-forge builds and signs the
// certificates; the RSA keys come from node:crypto, which is native and fast.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A private key and its certificate, PEM, as a TLS server is given them. */
export interface PemPair {
  key: string;
  cert: string;
}

export interface CertOptions {
  /** DNS names and IP addresses the certificate is for (subjectAltName). Default: localhost, 127.0.0.1, ::1. */
  hosts?: string[];
  /** Default: an hour ago (so small clock differences do not matter). */
  notBefore?: Date;
  /** Default: a day after notBefore. */
  notAfter?: Date;
}

export interface IssueOptions extends CertOptions {
  /** `cert` is followed by the CA's certificate: a server that sends its whole chain. */
  withChain?: boolean;
}

export interface TestCa {
  /** The CA's certificate (PEM): what a client trusts with `tls: { ca }`. */
  readonly cert: string;
  /** A server certificate signed by this CA. */
  issue(options?: IssueOptions): PemPair;
}

interface KeyPair {
  pem: string;
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
}

/** 2048 bits: Debian's OpenSSL (security level 2) refuses smaller RSA keys. */
function keyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return {
    pem,
    privateKey: forge.pki.privateKeyFromPem(pem),
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

/** Positive (first bit clear) and unique enough that no two test certificates share one. */
const serialNumber = (): string => `01${randomBytes(8).toString('hex')}`;

function validity(cert: forge.pki.Certificate, options: CertOptions): void {
  const notBefore = options.notBefore ?? new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = options.notAfter ?? new Date(notBefore.getTime() + DAY_MS);
}

/** subjectAltName entries: type 7 (IP) for addresses, type 2 (DNS) for names. */
const altNames = (hosts: readonly string[]) => hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h }));

function serverExtensions(hosts: readonly string[]): object[] {
  return [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: altNames(hosts) },
  ];
}

function sign(cert: forge.pki.Certificate, key: forge.pki.rsa.PrivateKey): string {
  cert.sign(key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

const DEFAULT_HOSTS = ['localhost', '127.0.0.1', '::1'];

/** A new CA with its own key; every call makes a different one. */
export function createTestCa(commonName = 'Agent Toolbar test CA'): TestCa {
  const caKeys = keyPair();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serialNumber();
  // The CA outlives any certificate a test asks for, expired or not yet valid ones included.
  ca.validity.notBefore = new Date(Date.now() - 365 * DAY_MS);
  ca.validity.notAfter = new Date(Date.now() + 365 * DAY_MS);
  ca.setSubject([{ name: 'commonName', value: commonName }]);
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([
    { name: 'basicConstraints', critical: true, cA: true, pathLenConstraint: 0 },
    { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  const caPem = sign(ca, caKeys.privateKey);
  const caKeyId = ca.generateSubjectKeyIdentifier().getBytes();

  return {
    cert: caPem,
    issue(options = {}) {
      const hosts = options.hosts ?? DEFAULT_HOSTS;
      const keys = keyPair();
      const cert = forge.pki.createCertificate();
      cert.publicKey = keys.publicKey;
      cert.serialNumber = serialNumber();
      validity(cert, options);
      cert.setSubject([{ name: 'commonName', value: hosts[0] ?? 'no-host' }]);
      cert.setIssuer(ca.subject.attributes);
      cert.setExtensions([...serverExtensions(hosts), { name: 'authorityKeyIdentifier', keyIdentifier: caKeyId }]);
      const pem = sign(cert, caKeys.privateKey);
      return { key: keys.pem, cert: options.withChain ? `${pem}${caPem}` : pem };
    },
  };
}

/** A server certificate signed by its own key: what a client without it in `ca` rejects as self-signed. */
export function selfSignedCert(options: CertOptions = {}): PemPair {
  const hosts = options.hosts ?? DEFAULT_HOSTS;
  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  validity(cert, options);
  cert.setSubject([{ name: 'commonName', value: hosts[0] ?? 'no-host' }]);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions(serverExtensions(hosts));
  return { key: keys.pem, cert: sign(cert, keys.privateKey) };
}
