/**
 * The program the playground opens with: the seed example, the logistic loss. Its statements
 * are those of examples/seed.matdiff (test/web checks that they stay the same).
 */
export const SEED = `# Logistic regression: m examples (the rows of A), n features,
# labels b in {0, 1}, weights x.
A : matrix(m, n)
x : vector(n)
b : vector(m)
J = -1/m * (b' * log(sigmoid(A*x)) + (1 - b)' * log(1 - sigmoid(A*x)))
J
`;

/** A hand derivation to check, wrong on purpose (the 1/m is missing), so the first check shows a diagnosis. */
export const SEED_CLAIM = "A' * (sigmoid(A*x) - b)";
