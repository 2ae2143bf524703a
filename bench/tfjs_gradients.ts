/**
 * The gradient definitions tfjs's valueAndGrad needs for the logistic loss, registered by hand.
 * `@tensorflow/tfjs-core`'s CommonJS bundle ships without them (the umbrella `@tensorflow/tfjs`
 * package registers them from ES modules that `require` cannot load). These mirror
 * tfjs-core/src/gradients/{Mean,BatchMatMul,Sub,Multiply,Softplus,Reshape}_grad.ts for the
 * same-shape (no broadcast) case the benchmark uses, with tfjs's own ops.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export function registerLogisticGradients(tf: any): void {
  const same = (a: any, b: any) => {
    if (a.shape.join() !== b.shape.join()) throw new Error('bench gradients: broadcasting is not registered');
  };
  const reg = (kernelName: string, inputsToSave: string[], gradFunc: (dy: any, saved: any[], attrs: any) => any) =>
    tf.registerGradient({ kernelName, inputsToSave, gradFunc });
  reg('Mean', ['x'], (dy, [x]) => ({
    x: () =>
      tf.div(
        tf.mul(
          tf.reshape(
            dy,
            x.shape.map(() => 1),
          ),
          tf.ones(x.shape, 'float32'),
        ),
        x.size,
      ),
  }));
  reg('BatchMatMul', ['a', 'b'], (dy, [a, b], attrs) => {
    if (attrs.transposeA || attrs.transposeB) throw new Error('bench gradients: transposed matMul is not registered');
    return { a: () => tf.matMul(dy, b, false, true), b: () => tf.matMul(a, dy, true, false) };
  });
  reg('Sub', ['a', 'b'], (dy, [a, b]) => (same(a, b), { a: () => dy, b: () => tf.neg(dy) }));
  reg('Multiply', ['a', 'b'], (dy, [a, b]) => (same(a, b), { a: () => tf.mul(dy, b), b: () => tf.mul(dy, a) }));
  reg('Softplus', ['x'], (dy, [x]) => ({ x: () => tf.mul(dy, tf.sigmoid(x)) }));
  reg('Reshape', ['x'], (dy, [x]) => ({ x: () => tf.reshape(dy, x.shape) }));
}
