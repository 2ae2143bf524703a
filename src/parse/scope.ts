/**
 * What a program (or a REPL session) has named so far: declared variables, definitions
 * and dimension symbols. Names live in Maps, so `constructor` or `__proto__` are ordinary.
 * A Scope changes only through a ScopeDraft that is committed after a whole input
 * elaborated without error, so a failed REPL line leaves the session as it was.
 */
import { Shape } from '../core/dims';
import { Span } from '../core/errors';
import { Node, VarDomain } from '../core/graph';

export interface Declaration {
  readonly name: string;
  readonly node: Node;
  readonly shape: Shape;
  readonly symmetric: boolean;
  /** spd, diagonal, orthogonal, simplex or positive, when the declaration says so. */
  readonly domain?: VarDomain;
  readonly span: Span;
}

export interface Definition {
  readonly name: string;
  readonly node: Node;
  readonly span: Span;
}

export interface DimensionSymbol {
  readonly name: string;
  /** Where the symbol first appeared (in a declaration). */
  readonly span: Span;
}

/** What a name means where it is used. */
export type Binding =
  | { readonly kind: 'declaration'; readonly entry: Declaration }
  | { readonly kind: 'definition'; readonly entry: Definition }
  | { readonly kind: 'dimension'; readonly entry: DimensionSymbol };

interface ScopeReader {
  declaration(name: string): Declaration | undefined;
  definition(name: string): Definition | undefined;
  dimension(name: string): DimensionSymbol | undefined;
}

/** Definitions shadow nothing: a name is one of the three kinds (the elaborator enforces it). */
function bindingOf(s: ScopeReader, name: string): Binding | undefined {
  const def = s.definition(name);
  if (def) return { kind: 'definition', entry: def };
  const decl = s.declaration(name);
  if (decl) return { kind: 'declaration', entry: decl };
  const dim = s.dimension(name);
  if (dim) return { kind: 'dimension', entry: dim };
  return undefined;
}

export class Scope implements ScopeReader {
  private readonly decls = new Map<string, Declaration>();
  private readonly defs = new Map<string, Definition>();
  private readonly dimSyms = new Map<string, DimensionSymbol>();

  get declarations(): ReadonlyMap<string, Declaration> {
    return this.decls;
  }
  get definitions(): ReadonlyMap<string, Definition> {
    return this.defs;
  }
  get dimensions(): ReadonlyMap<string, DimensionSymbol> {
    return this.dimSyms;
  }
  declaration(name: string): Declaration | undefined {
    return this.decls.get(name);
  }
  definition(name: string): Definition | undefined {
    return this.defs.get(name);
  }
  dimension(name: string): DimensionSymbol | undefined {
    return this.dimSyms.get(name);
  }
  lookup(name: string): Binding | undefined {
    return bindingOf(this, name);
  }
  /** Every name in scope (for suggestions). */
  names(): string[] {
    return [...this.decls.keys(), ...this.defs.keys(), ...this.dimSyms.keys()];
  }

  /** A draft of changes on top of this scope; nothing changes here until `commit`. */
  draft(): ScopeDraft {
    return new ScopeDraft(this, (d) => {
      for (const [k, v] of d.declarations) this.decls.set(k, v);
      for (const [k, v] of d.definitions) this.defs.set(k, v);
      for (const [k, v] of d.dimensions) this.dimSyms.set(k, v);
    });
  }
}

export const newScope = (): Scope => new Scope();

/** The name of the definition whose expression is `node` (J for J = …), if there is one. */
export function definitionName(scope: Scope, node: unknown): string | undefined {
  for (const [name, def] of scope.definitions) if (def.node === node) return name;
  return undefined;
}

/** Pending changes to a Scope: reads see the base plus the changes. */
export class ScopeDraft implements ScopeReader {
  readonly declarations = new Map<string, Declaration>();
  readonly definitions = new Map<string, Definition>();
  readonly dimensions = new Map<string, DimensionSymbol>();
  private committed = false;

  constructor(
    private readonly base: Scope,
    private readonly apply: (d: ScopeDraft) => void,
  ) {}

  declaration(name: string): Declaration | undefined {
    return this.declarations.get(name) ?? this.base.declaration(name);
  }
  definition(name: string): Definition | undefined {
    return this.definitions.get(name) ?? this.base.definition(name);
  }
  dimension(name: string): DimensionSymbol | undefined {
    return this.dimensions.get(name) ?? this.base.dimension(name);
  }
  lookup(name: string): Binding | undefined {
    return bindingOf(this, name);
  }
  names(): string[] {
    return [...this.base.names(), ...this.declarations.keys(), ...this.definitions.keys(), ...this.dimensions.keys()];
  }
  commit(): void {
    if (this.committed) throw new Error('internal: scope draft committed twice');
    this.committed = true;
    this.apply(this);
  }
}
