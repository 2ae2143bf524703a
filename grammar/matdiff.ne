# The matdiff notation. One nonterminal per precedence level, loosest first.
# Postprocessors only call the typed builders in src/parse/surface-build.ts.
# Compiled by `npm run grammar` into src/parse/generated/grammar.ts (not in git).
#
# The grammar is unambiguous: the parser adapter asserts exactly one parse.
# Binary operators are left-recursive (Earley handles that in linear time);
# `^` and `.^` are right-associative; unary minus is looser than `^`, so -x^2 = -(x^2).

@preprocessor typescript

@{%
import { TokenStream } from '../lexer';
import * as B from '../surface-build';
const lexer = new TokenStream();
%}

@lexer lexer

# ---- programs: statements separated by newlines or `;` --------------------------------
program    -> _ statements _                   {% ([, s]) => s %}
            | _                                {% () => null %}

statements -> statement                        {% ([s]) => B.list(s) %}
            | statements __ statement          {% ([l, , s]) => B.append(l, s) %}

_          -> null                             {% () => null %}
            | _ %sep                           {% () => null %}
__         -> %sep                             {% () => null %}
            | __ %sep                          {% () => null %}

statement  -> %name %colon type                {% ([n, , t]) => B.declaration(n, t) %}
            | %name %equals sum                {% ([n, , e]) => B.definition(n, e) %}
            | sum                              {% ([e]) => B.expression(e) %}

# ---- declarations: scalar | vector(n) | matrix(m, n) | symmetric(n) -----------------
type       -> %name                            {% ([n]) => B.typeSpec(n) %}
            | %name %lparen dims %rparen       {% ([n, , d, c]) => B.typeSpec(n, d, c) %}
dims       -> dim                              {% ([d]) => B.list(d) %}
            | dims %comma dim                  {% ([l, , d]) => B.append(l, d) %}
dim        -> %name                            {% ([t]) => B.dim(t) %}
            | %number                          {% ([t]) => B.dim(t) %}

# ---- expressions, loosest first ------------------------------------------------------
sum        -> sum %plus product                {% ([l, o, r]) => B.binary(l, o, r) %}
            | sum %minus product               {% ([l, o, r]) => B.binary(l, o, r) %}
            | product                          {% id %}

product    -> product %times unary             {% ([l, o, r]) => B.binary(l, o, r) %}
            | product %divide unary            {% ([l, o, r]) => B.binary(l, o, r) %}
            | product %etimes unary            {% ([l, o, r]) => B.binary(l, o, r) %}
            | product %edivide unary           {% ([l, o, r]) => B.binary(l, o, r) %}
            | unary                            {% id %}

unary      -> %minus unary                     {% ([m, e]) => B.negate(m, e) %}
            | power                            {% id %}

power      -> postfix %caret unary             {% ([l, o, r]) => B.binary(l, o, r) %}
            | postfix %ecaret unary            {% ([l, o, r]) => B.binary(l, o, r) %}
            | postfix                          {% id %}

postfix    -> postfix %quote                   {% ([e, q]) => B.transpose(e, q) %}
            | atom                             {% id %}

atom       -> %number                          {% ([t]) => B.number(t) %}
            | %name                            {% ([t]) => B.name(t) %}
            | %name %lparen args %rparen       {% ([f, , a, c]) => B.call(f, a, c) %}
            | %name %lparen %rparen            {% ([f, , c]) => B.call(f, null, c) %}
            | %lparen sum %rparen              {% ([o, e, c]) => B.paren(o, e, c) %}

args       -> sum                              {% ([e]) => B.list(e) %}
            | args %comma sum                  {% ([l, , e]) => B.append(l, e) %}
