/**
 * The JSON printer: the graph under a node as a list of its distinct nodes, arguments
 * before the nodes that use them, each naming its arguments by id, plus the root's id.
 */
import { Dim } from '../core/dims';
import { Node, VarDomain, topoOrder } from '../core/graph';
import { Op } from '../core/ops';

export interface JsonNode {
  readonly id: number;
  readonly op: Op;
  readonly shape: { readonly rows: Dim; readonly cols: Dim };
  readonly args: readonly number[];
  /** Variable or dimension name. */
  readonly name?: string;
  /** A constant's exact value: `"3"`, `"-1/2"`. */
  readonly value?: string;
  readonly symmetric?: true;
  /** A variable's declared domain: spd, diagonal, orthogonal, simplex (a probability vector, or a matrix of them by columns) or positive. */
  readonly domain?: VarDomain;
}

export interface JsonGraph {
  readonly root: number;
  readonly nodes: readonly JsonNode[];
}

export function toJson(root: Node): JsonGraph {
  const nodes = topoOrder([root]).map((n): JsonNode => ({
    id: n.id,
    op: n.op,
    shape: { rows: n.shape.rows, cols: n.shape.cols },
    args: n.args.map((a) => a.id),
    ...(n.name !== undefined ? { name: n.name } : {}),
    ...(n.value !== undefined ? { value: n.value.toFraction() } : {}),
    ...(n.symmetric ? { symmetric: true as const } : {}),
    ...(n.domain ? { domain: n.domain } : {}),
  }));
  return { root: root.id, nodes };
}

export const printJson = (n: Node): string => JSON.stringify(toJson(n), null, 2);
