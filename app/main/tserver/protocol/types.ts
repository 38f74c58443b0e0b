// Typed message objects of protocol v1.
import type { AttributeName, MessageName } from './catalogue.ts';

/** A key-value list keeps order and allows repeated keys, as T-Library's does. */
export type KvList = Array<[key: string, value: AttrValue]>;
export type AttrValue = number | string | KvList | Uint8Array;

/** Attributes by T-Library name; tags unknown to this build keep their number as `#<tag>`. */
export type Attributes = Partial<Record<AttributeName, AttrValue>> & { [unknownTag: `#${number}`]: AttrValue };

export interface TMessage {
  /** Catalogue name, or `Unknown<id>` for ids this build does not know (kept, not fatal). */
  name: MessageName | `Unknown${number}`;
  id: number;
  attributes: Attributes;
}

export type ProtocolErrorKind =
  | 'short-frame'
  | 'oversize-frame'
  | 'unknown-attribute-type'
  | 'attribute-type-mismatch'
  | 'bad-utf8'
  | 'too-deep'
  | 'trailing-bytes'
  | 'missing-attribute'
  | 'encode';

/** Typed protocol error: the session that saw it is closed with this reason. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly kind: ProtocolErrorKind,
    message: string,
  ) {
    super(message);
  }
}
