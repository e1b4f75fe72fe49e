a = x ? y : z ? u : w
b = x ?: y ?: z
c = s ==~ /^[a-z]+$/
d = s =~ /x(\d)/
e = [x in list, !(x in list), x instanceof String, !(x instanceof Map)]
f = [x as Object[], x as String, (int) y, x as Set<String>]
g = [new Foo(1, b: 2), new int[3], new HashMap<>(), ['a', 'b'] as String[]]
h = [!x, -x, +x, ~/re/, ++x, --x, x++, x--]
i = -2 ** 3 ** 2
j = a || b && c | d ^ e & f == g < h << i + j * k
k = [a <=> b, a === b, a !== b, a >>> 1, a >> 1, 1..5, 1..<5]
l = !obj.flag()
m = a / b / 2
n = String.&valueOf
o = (a + b) * c
p = cond
  ? 'yes'
  : 'no'
q = first &&
  second ||
  third
