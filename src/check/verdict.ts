/**
 * What `check` decides, as typed data: equal or not, how it was decided, and when the claim is
 * wrong, what is wrong with it (a diagnosis, when one fits) and a small counterexample.
 * `formatVerdict` (format.ts) turns it into text for people.
 */
import { Node } from '../core/graph';
import { Tensor } from '../eval/tensor';

export type Method = 'symbolic' | 'numeric';

/** Why a claim differs from the truth, when a simple explanation fits every instance. */
export type Diagnosis =
  /** claim = truthᵀ (square shapes; other shapes fail the shape check first). */
  | { readonly kind: 'transpose'; readonly summary: string }
  /**
   * claim = factor × truth. `factor` is exact (a rational times powers of dimension symbols);
   * `label` names it the way a person would: "sign flipped", "off by a factor of 2",
   * "missing 1/m", "extra factor m".
   */
  | { readonly kind: 'factor'; readonly factor: Node; readonly label: string; readonly summary: string }
  /** claim = c × truth with c a scalar that changes with the inputs: no name for it. */
  | { readonly kind: 'scalar-factor'; readonly summary: string }
  /** The claim is zero where the truth is not. */
  | { readonly kind: 'zero'; readonly summary: string }
  /** claim = truth − term: a term of the truth is missing. */
  | { readonly kind: 'missing-term'; readonly term: Node; readonly summary: string }
  /** claim = truth + term: the claim has a term too many. */
  | { readonly kind: 'extra-term'; readonly term: Node; readonly summary: string }
  /** claim = truth − 2·term: one term has the wrong sign. */
  | { readonly kind: 'term-sign'; readonly term: Node; readonly summary: string };

export type DiagnosisKind = Diagnosis['kind'];

/** One random instance on which the two sides differ: the smallest sizes that show it. */
export interface Counterexample {
  /** Sizes of the dimension symbols. */
  readonly sizes: ReadonlyMap<string, number>;
  /** The values of every variable either side mentions. */
  readonly inputs: ReadonlyMap<string, Tensor>;
  readonly truth: Tensor;
  readonly claim: Tensor;
  /** ‖truth − claim‖ / max(‖truth‖, ‖claim‖) (Frobenius norms). */
  readonly relDiff: number;
}

export interface Verdict {
  readonly equal: boolean;
  /** 'symbolic': both sides simplified to the same form; 'numeric': decided on random instances. */
  readonly method: Method;
  /** Random instances evaluated (0 when decided symbolically). */
  readonly instances: number;
  /** Largest relative difference over the instances (0 when decided symbolically). */
  readonly maxRelDiff: number;
  /** The truth after simplification (e.g. the textbook gradient), for showing what is right. */
  readonly truth: Node;
  /** The claim after simplification. */
  readonly claim: Node;
  /** What the truth is called in messages: "the gradient", "the expression". */
  readonly truthLabel: string;
  readonly diagnosis?: Diagnosis;
  readonly counterexample?: Counterexample;
}
