def untyped
def x = 1
String s = 'a'
Map<String, List<String>> m = [:]
List<Map<String, Object>>[] nested = null
def (first, second) = pair
def (String name, int count) = ['a', 1]
def a, b
def c = 1, d = 2
final e = 'const'
static final int F = 3
var g = 4
foo bar = 5
env.FOO = 'x'
currentBuild.result = 'FAILURE'
this.field = 1
m['k'] = v
count += 2
name = name ?: 'default'
bits <<= 1
a = b = c
