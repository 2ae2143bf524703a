"""NumPy side of bench/evaluator.ts: the logistic loss and its gradient, timed in-process.

Usage: python3 numpy_logistic.py DIR m n reps warmup
Reads DIR/A.f64, DIR/x.f64, DIR/b.f64 (little-endian float64, row-major), prints JSON:
{"median_ms": ..., "loss": ..., "g": [...], "threads": ...}
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

    for _ in range(warmup):
        f()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        loss, g = f()
        times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    print(json.dumps({"median_ms": times[len(times) // 2], "loss": float(loss), "g": g.tolist()}))


if __name__ == "__main__":
    main()
