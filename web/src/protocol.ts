/** Messages between the page (main.ts) and the engine (engine.ts, in a Web Worker). */

export type Kind = 'grad' | 'hessian' | 'jacobian';

/** An error for people: the formatted text (file:line:col, the line, a caret, the hint). */
export interface ErrorOut {
  readonly text: string;
  /** 'user' for a MatdiffError, 'internal' for anything else (a bug: shown without a stack). */
  readonly kind: 'user' | 'internal';
  /** Where in its text the error is (1-based lines and columns), when it has a place. */
  readonly at?: { readonly line: number; readonly col: number; readonly endLine: number; readonly endCol: number };
}

/** One expression in every notation, with its KaTeX HTML rendered in the worker. */
export interface Formula {
  readonly text: string;
  readonly unicode: string;
  readonly latex: string;
  /** KaTeX's HTML (with its MathML); undefined when KaTeX could not render the LaTeX. */
  readonly html?: string;
  readonly shape: string;
}

export interface TraceStep {
  readonly rule: string;
  readonly before: Formula;
  readonly after: Formula;
}

export interface DataSpec {
  /** 'random': drawn from `sizes` and `seed`; 'json': the pasted JSON text. */
  readonly mode: 'random' | 'json';
  /** "m=200, n=5" */
  readonly sizes: string;
  readonly seed: number;
  /** Variables whose random entries are 0 or 1 (labels), comma-separated. */
  readonly binary: string;
  readonly json: string;
}

export type Request =
  | { readonly type: 'analyze'; readonly source: string; readonly kind: Kind; readonly wrt: string }
  | { readonly type: 'check'; readonly source: string; readonly kind: Kind; readonly wrt: string; readonly claim: string }
  | { readonly type: 'descend'; readonly source: string; readonly wrt: string; readonly data: DataSpec; readonly rate: number; readonly steps: number }
  | { readonly type: 'sample'; readonly source: string; readonly wrt: string; readonly data: DataSpec }
  | { readonly type: 'explain'; readonly source: string; readonly wrt: string };

export interface Declared {
  readonly name: string;
  readonly shape: string;
}

export interface AnalyzeResult {
  readonly type: 'analyze';
  /** The program's parse error, if any (then nothing else is set). */
  readonly error?: ErrorOut;
  readonly declarations: readonly Declared[];
  readonly dimensions: readonly string[];
  /** The variable actually used (the asked one, or the first declared one that fits). */
  readonly wrt?: string;
  readonly expression?: Formula;
  readonly derivative?: Formula;
  readonly derivativeError?: ErrorOut;
  readonly trace?: readonly TraceStep[];
  readonly ms: number;
}

export interface CheckResult {
  readonly type: 'check';
  readonly error?: ErrorOut;
  readonly equal?: boolean;
  readonly method?: string;
  readonly summary?: string;
  /** formatVerdict's unicode text: verdict, diagnosis, the truth, a counterexample. */
  readonly verdict?: string;
  readonly truth?: Formula;
  /** For a derivation checked line by line: the claim's line (1-based) of the first false step. */
  readonly failedLine?: number;
  readonly ms: number;
}

export interface DescendResult {
  readonly type: 'descend';
  readonly error?: ErrorOut;
  readonly losses?: readonly number[];
  readonly gradNorm?: number;
  readonly backend?: string;
  /** The variable descended on. */
  readonly wrt?: string;
  readonly sizes?: string;
  /** The first entries of the final iterate, as text. */
  readonly iterate?: string;
  readonly note?: string;
  readonly ms: number;
}

export interface SampleResult {
  readonly type: 'sample';
  readonly error?: ErrorOut;
  readonly json?: string;
  readonly ms: number;
}

/** The gradient derived in differential form (src/explain), line by line. */
export interface ExplainResult {
  readonly type: 'explain';
  readonly error?: ErrorOut;
  /** Each line's math and its reason, as KaTeX HTML (undefined where KaTeX could not render). */
  readonly lines?: readonly { readonly math?: string; readonly why?: string }[];
  /** The whole derivation: one LaTeX align*, and Unicode text. */
  readonly latex?: string;
  readonly unicode?: string;
  readonly ms: number;
}

export type Result = AnalyzeResult | CheckResult | DescendResult | SampleResult | ExplainResult;

export interface Envelope<T> {
  readonly id: number;
  readonly body: T;
}
