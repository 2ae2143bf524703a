"""NumPy side of bench/evaluator.ts: the logistic loss and its gradient, timed in-process.

Usage: python3 numpy_logistic.py DIR m n reps warmup [hessian]
Reads DIR/A.f64, DIR/x.f64, DIR/b.f64 (little-endian float64, row-major), prints JSON:
{"median_ms": ..., "loss": ..., "g": [...]}
With `hessian`: the Hessian (1/m) A^T diag(d) A, d = s (1 - s), s = sigmoid(A x), timed two ways:
{"median_ms": the expression A.T @ (d[:, None] * A) alone (d given), "full_ms": z, s, d and H,
 "H": [...] (row-major)}
"""
import json
import sys
import time

import numpy as np


def main():
    d, m, n, reps, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    A = np.fromfile(f"{d}/A.f64", dtype="<f8").reshape(m, n)
    x = np.fromfile(f"{d}/x.f64", dtype="<f8")
    b = np.fromfile(f"{d}/b.f64", dtype="<f8")

    def f():
        z = A @ x
        s = 1.0 / (1.0 + np.exp(-z))
        g = A.T @ (s - b) / m
        loss = np.mean(b * np.logaddexp(0.0, -z) + (1.0 - b) * np.logaddexp(0.0, z))
        return loss, g

    if len(sys.argv) > 6 and sys.argv[6] == "hessian":
        return hessian(A, x, m, reps, warmup)
    for _ in range(warmup):
        f()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        loss, g = f()
        times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    print(json.dumps({"median_ms": times[len(times) // 2], "loss": float(loss), "g": g.tolist()}))


def timed(f, reps, warmup):
    for _ in range(warmup):
        f()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        out = f()
        times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    return times[len(times) // 2], out


def hessian(A, x, m, reps, warmup):
    s = 1.0 / (1.0 + np.exp(-(A @ x)))
    d = s * (1.0 - s)
    expr_ms, _ = timed(lambda: A.T @ (d[:, None] * A), reps, warmup)

    def full():
        s = 1.0 / (1.0 + np.exp(-(A @ x)))
        d = s * (1.0 - s)
        return (A.T @ (d[:, None] * A)) / m

    full_ms, H = timed(full, reps, warmup)
    print(json.dumps({"median_ms": expr_ms, "full_ms": full_ms, "H": H.ravel().tolist()}))


if __name__ == "__main__":
    main()
