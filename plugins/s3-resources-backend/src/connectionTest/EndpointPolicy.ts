import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  RuleViolation,
  ValidationError,
  validateEndpoint,
} from '@s3-resources/plugin-s3-resources-common';
import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { LookupFunction } from 'node:net';
import {
  AddressClass,
  classifyAddress,
  describeAddressClass,
  isIpLiteral,
  isNeverAllowed,
} from './addresses';

/** One entry of `s3Resources.endpoints.allow`. */
export type EndpointAllowEntry = {
  /** Exact host name or IP, or `*.suffix` for any host under suffix. */
  host: string;
  /** Allowed ports; by default only the scheme's default port (443, or 80 for http). */
  ports?: number[];
  allowHttp: boolean;
  allowPrivateAddresses: boolean;
};

/** A custom endpoint the policy accepted, normalised. */
export type AllowedEndpoint = {
  /** What the SDK is given: scheme, host, port and path, nothing else. */
  url: string;
  protocol: 'http:' | 'https:';
  /** Host name or IP (IPv6 without brackets). */
  hostname: string;
  port: number;
  allowPrivateAddresses: boolean;
  /** The allow-list entry that matched, for messages. */
  entry: string;
};

export type EndpointDecision =
  | { allowed: true; endpoint?: AllowedEndpoint }
  | { allowed: false; violation: RuleViolation };

/**
 * Raised at connect time when a host resolves to an address the policy
 * refuses. Its message reaches users (test runs, audit), so it names the host
 * and the rule, never the address: that would tell them what an internal name
 * resolves to. The address goes to operators through the lookup's listener.
 */
export class EndpointAddressRefusedError extends Error {
  readonly code = 'EENDPOINTREFUSED';
  constructor(readonly host: string, readonly kind: AddressClass) {
    super(
      `${host} resolves to ${describeAddressClass(kind)}, ${
        isNeverAllowed(kind)
          ? 'which is never allowed'
          : 'which the allow-list entry does not allow'
      }`,
    );
    this.name = 'EndpointAddressRefusedError';
  }
}

/** A connection the lookup refused, with the address, for the backend log only. */
export type AddressRefusal = {
  host: string;
  address: string;
  kind: AddressClass;
};

const HOST_PATTERN =
  /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

function parseEntries(config: Config | undefined): EndpointAllowEntry[] {
  return (
    config?.getOptionalConfigArray('s3Resources.endpoints.allow') ?? []
  ).map((entry, i) => {
    const at = `s3Resources.endpoints.allow[${i}]`;
    const host = entry.getString('host').trim().toLocaleLowerCase('en-US');
    const bare = host.replace(/^\[|\]$/g, '');
    if (!isIpLiteral(bare) && !HOST_PATTERN.test(host)) {
      throw new Error(
        `${at}.host: "${host}" must be a host name, an IP address or *.suffix (no scheme, port or path)`,
      );
    }
    const ports = entry.getOptional<number[]>('ports');
    if (
      ports !== undefined &&
      (!Array.isArray(ports) ||
        ports.some(p => !Number.isInteger(p) || p < 1 || p > 65535))
    ) {
      throw new Error(`${at}.ports: must be a list of ports (1-65535)`);
    }
    return {
      host: isIpLiteral(bare) ? bare : host,
      ...(ports ? { ports } : {}),
      allowHttp: entry.getOptionalBoolean('allowHttp') ?? false,
      allowPrivateAddresses:
        entry.getOptionalBoolean('allowPrivateAddresses') ?? false,
    };
  });
}

function hostMatches(pattern: string, hostname: string): boolean {
  if (pattern.startsWith('*.')) {
    // an IP literal never matches a wildcard
    return !isIpLiteral(hostname) && hostname.endsWith(pattern.slice(1));
  }
  return pattern === hostname;
}

function describeEntry(entry: EndpointAllowEntry): string {
  const flags = [
    entry.ports ? `ports ${entry.ports.join(', ')}` : undefined,
    entry.allowHttp ? 'http allowed' : undefined,
    entry.allowPrivateAddresses ? 'private addresses allowed' : undefined,
  ].filter(Boolean);
  return flags.length ? `${entry.host} (${flags.join('; ')})` : entry.host;
}

/** The host exactly as written in the URL string, lower-cased, without port. */
function rawHostOf(endpoint: string): string | undefined {
  const authority = endpoint.match(/^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i)?.[1];
  if (authority === undefined) return undefined;
  const host = authority.startsWith('[')
    ? authority.slice(0, authority.indexOf(']') + 1)
    : authority.replace(/:[^:]*$/, '');
  return host.toLocaleLowerCase('en-US');
}

/** Whether a resolved or literal address may be connected to. */
function refusedAddress(
  address: string,
  allowPrivateAddresses: boolean,
): AddressClass | undefined {
  const kind = classifyAddress(address);
  if (!kind) return undefined;
  if (isNeverAllowed(kind)) return kind;
  return allowPrivateAddresses ? undefined : kind;
}

/**
 * A DNS lookup for http(s) agents that refuses addresses the policy does not
 * allow. It runs for every connection, so a name that resolves to a public
 * address when checked and to a private one later (DNS rebinding) is still
 * refused. IP literals skip lookups; {@link EndpointPolicy.check} judges them.
 * `onRefused` learns the refused address, which the error does not carry.
 */
export function guardedLookup(
  allowPrivateAddresses: boolean,
  onRefused?: (refusal: AddressRefusal) => void,
): LookupFunction {
  return ((
    hostname: string,
    options: LookupOptions,
    callback: (
      err: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '');
        return;
      }
      for (const { address } of addresses) {
        const kind = refusedAddress(address, allowPrivateAddresses);
        if (kind) {
          onRefused?.({ host: hostname, address, kind });
          callback(new EndpointAddressRefusedError(hostname, kind), '');
          return;
        }
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  }) as LookupFunction;
}

/**
 * The operator's allow-list of custom endpoints (`s3Resources.endpoints.allow`).
 * An empty list allows no custom endpoint. Only https unless an entry allows
 * http; only the scheme's default port unless an entry lists ports; no
 * loopback, private or other internal address unless an entry allows private
 * addresses; link-local and cloud metadata addresses never. Every check here
 * is done on the string, before any network I/O.
 */
export class EndpointPolicy {
  static fromConfig(config: Config): EndpointPolicy {
    return new EndpointPolicy(parseEntries(config));
  }

  static create(entries: EndpointAllowEntry[]): EndpointPolicy {
    return new EndpointPolicy(entries);
  }

  private constructor(readonly entries: EndpointAllowEntry[]) {}

  check(endpoint: string | undefined, field = 'endpoint'): EndpointDecision {
    if (endpoint === undefined) return { allowed: true };
    const refuse = (rule: string, message: string): EndpointDecision => ({
      allowed: false,
      violation: { field, rule, message },
    });
    const shape = validateEndpoint(endpoint, field);
    if (shape) return { allowed: false, violation: shape };
    const url = new URL(endpoint);
    const protocol = url.protocol as 'http:' | 'https:';
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const literal = isIpLiteral(hostname);
    const kind = literal ? classifyAddress(hostname) : undefined;
    if (kind && isNeverAllowed(kind)) {
      return refuse(
        kind === 'metadata'
          ? 'endpoint-metadata-address'
          : 'endpoint-link-local-address',
        `${url.hostname} is ${describeAddressClass(
          kind,
        )}; it is never allowed, whatever the allow-list says`,
      );
    }
    // Decimal, hex, octal, percent-encoded or IDN spellings are normalised by
    // URL parsers; accept only the form that is checked and connected to.
    if (rawHostOf(endpoint) !== url.hostname) {
      return refuse(
        'endpoint-host-noncanonical',
        `write the host as ${url.hostname} (other spellings of an address or name are refused)`,
      );
    }
    if (this.entries.length === 0) {
      return refuse(
        'endpoint-not-allowed',
        'custom endpoints are disabled: s3Resources.endpoints.allow is empty; an operator must allow-list this host',
      );
    }
    const port = Number(url.port || (protocol === 'https:' ? 443 : 80));
    const byHost = this.entries.filter(e => hostMatches(e.host, hostname));
    if (byHost.length === 0) {
      return refuse(
        'endpoint-not-allowed',
        `${url.hostname} is not in the operator's allow-list (s3Resources.endpoints.allow)`,
      );
    }
    const defaultPort = protocol === 'https:' ? 443 : 80;
    const byPort = byHost.filter(e =>
      (e.ports ?? [defaultPort]).includes(port),
    );
    if (byPort.length === 0) {
      return refuse(
        'endpoint-port-not-allowed',
        `port ${port} is not allowed for ${url.hostname} (allowed: ${[
          ...new Set(byHost.flatMap(e => e.ports ?? [defaultPort])),
        ].join(', ')})`,
      );
    }
    const byScheme = byPort.filter(e => protocol === 'https:' || e.allowHttp);
    if (byScheme.length === 0) {
      return refuse(
        'endpoint-http-not-allowed',
        `must use https: the allow-list entry for ${url.hostname} does not allow http`,
      );
    }
    const entry = byScheme.find(e => e.allowPrivateAddresses) ?? byScheme[0];
    if (kind && !entry.allowPrivateAddresses) {
      return refuse(
        'endpoint-private-address',
        `${url.hostname} is ${describeAddressClass(
          kind,
        )}; the allow-list entry does not allow private addresses`,
      );
    }
    const path = url.pathname.replace(/\/+$/, '');
    return {
      allowed: true,
      endpoint: {
        url: `${protocol}//${url.host}${path}`,
        protocol,
        hostname,
        port,
        allowPrivateAddresses: entry.allowPrivateAddresses,
        entry: describeEntry(entry),
      },
    };
  }

  /** For resource create/update and import: a refused endpoint is a 400 naming the field and rule; an allowed one is returned. */
  assertAllowed(
    endpoint: string | undefined,
    field = 'endpoint',
  ): AllowedEndpoint | undefined {
    const decision = this.check(endpoint, field);
    if (!decision.allowed) {
      throw new InputError(new ValidationError([decision.violation]).message);
    }
    return decision.endpoint;
  }
}
