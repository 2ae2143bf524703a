"""SymPy side of bench/simplify.ts: matrix-calculus gradients with MatrixSymbol.

Prints one JSON line per row: name, median seconds of diff (+ simplify where it helps),
the result as SymPy prints it, or the exception it raised.
"""
import json, statistics, sys, time

try:
    import sympy as sp
except ImportError:
    print(json.dumps({"skip": "sympy is not installed"}))
    sys.exit(0)

m, n = sp.symbols("m n", integer=True, positive=True)
A = sp.MatrixSymbol("A", m, n)
Q = sp.MatrixSymbol("A", n, n)
X = sp.MatrixSymbol("X", n, n)
x = sp.MatrixSymbol("x", n, 1)
b = sp.MatrixSymbol("b", m, 1)
a = sp.MatrixSymbol("a", n, 1)
c = sp.MatrixSymbol("b", n, 1)
Am = sp.MatrixSymbol("A", m, n)
Xt = sp.MatrixSymbol("X", n, m)


def logistic():
    z = A * x
    s = z.applyfunc(lambda t: 1 / (1 + sp.exp(-t)))
    ones = sp.OneMatrix(m, 1)
    J = -(b.T * s.applyfunc(sp.log) + (ones - b).T * (ones - s).applyfunc(sp.log)) / m
    return J, x


ROWS = {
    "quadratic": lambda: ((x.T * Q * x), x),
    "least-squares": lambda: (((A * x - b).T * (A * x - b)), x),
    "trace": lambda: (sp.Trace(Am * Xt), Xt),
    "bilinear-inverse": lambda: ((a.T * X.I * c), X),
    "logdet": lambda: (sp.log(sp.Determinant(X)), X),
    "logistic": logistic,
}

for name, build in ROWS.items():
    try:
        f, v = build()
        times = []
        result = None
        for _ in range(7):
            t0 = time.perf_counter()
            result = sp.simplify(f.diff(v))
            times.append(time.perf_counter() - t0)
        print(json.dumps({"name": name, "seconds": statistics.median(times), "result": str(result),
                          "ops": int(sp.count_ops(result))}))
    except Exception as e:  # SymPy's failures are part of the comparison
        print(json.dumps({"name": name, "error": f"{type(e).__name__}: {e}"[:200]}))
