/**
 * Core nodes to checked IR, the way compileNodes gets to its plan: stable forms, lowering,
 * scheduling (plan.ts), then the IR passes.
 */
import { MatdiffError } from '../../core/errors';
import { Graph, Node } from '../../core/graph';
import { Lowering } from '../lnode';
import { Plan, plan } from '../plan';
import { stabilize } from '../stable';
import { OutputSpec, Outputs } from '../types';
import { irFromPlan } from './passes';
import { IR } from './types';

export interface BuildIROptions {
  /** Variables to require even if no output reads them. */
  readonly inputs?: readonly Node[];
  readonly rowFusion?: boolean;
  readonly rowBlock?: number;
  readonly stabilize?: boolean;
}

export interface Built {
  readonly ir: IR;
  readonly plan: Plan;
  /** Stability rules that fired, in order. */
  readonly stabilityRules: readonly string[];
  readonly outputs: readonly { readonly node: Node; readonly spec: Omit<OutputSpec, 'rows' | 'cols'> }[];
}

/** Outputs as compileNodes names them: the value first, then gradients, Hessians and HVPs, or a plain list. */
export function namedOutputs(outputs: Outputs): Built['outputs'] {
  if (Array.isArray(outputs)) return (outputs as readonly Node[]).map((node, i) => ({ node, spec: { role: 'output', name: String(i) } }));
  const o = outputs as Exclude<Outputs, readonly Node[]>;
  const list: { node: Node; spec: Omit<OutputSpec, 'rows' | 'cols'> }[] = [];
  if (o.value) list.push({ node: o.value, spec: { role: 'value', name: 'value' } });
  for (const [name, node] of Object.entries(o.gradients ?? {})) list.push({ node, spec: { role: 'gradient', name } });
  for (const [name, node] of Object.entries(o.hessians ?? {})) list.push({ node, spec: { role: 'hessian', name } });
  for (const [name, node] of Object.entries(o.hvps ?? {})) list.push({ node, spec: { role: 'hvp', name } });
  if (list.length === 0)
    throw new MatdiffError('usage', 'nothing to compile: no value and no gradients were asked for', undefined, 'ask for the value, or a gradient with --wrt x');
  return list;
}

/** What every backend compiles from: the named outputs, in stable forms, lowered and scheduled. */
export interface Scheduled {
  readonly named: Built['outputs'];
  readonly plan: Plan;
  /** Variables asked for that no output reads, lowered (they are inputs all the same). */
  readonly extra: ReturnType<Lowering['lower']>;
  readonly stabilityRules: readonly string[];
}

/** Stable forms, lowering and scheduling of `outputs`: the steps compileNodes and buildIR share. */
export function schedule(graph: Graph, outputs: Outputs, opts: BuildIROptions = {}): Scheduled {
  const named = namedOutputs(outputs);
  const fired: string[] = [];
  const roots = named.map((n) => n.node);
  const stable = opts.stabilize === false ? roots : stabilize(graph, roots, fired);
  const lowering = new Lowering();
  const lowered = lowering.lower(stable);
  // Variables asked for but unused by every output still have to be given (and are checked).
  const extra = lowering.lower((opts.inputs ?? []).filter((v) => v.op === 'var'));
  return { named, plan: plan(lowered), extra, stabilityRules: fired };
}

export function buildIR(graph: Graph, outputs: Outputs, opts: BuildIROptions = {}): Built {
  const { named, plan: p, extra, stabilityRules } = schedule(graph, outputs, opts);
  const ir = irFromPlan(p, {
    outputs: named.map((n) => n.spec),
    extraInputs: extra.map((v) => ({ name: v.name!, shape: v.shape })),
    rowFusion: opts.rowFusion,
    rowBlock: opts.rowBlock,
  });
  return { ir, plan: p, stabilityRules, outputs: named };
}
