node {
  sh 'fine'
  foo(a b)
  sh 'still parsed'
  def x = 1 +
}
bar()
x = 1 == 2 3
echo "${a b c}"
else { }
stage('after') {
  sh 'ok'
}
// Groovy 3 syntax, which Jenkins' Groovy 2.4 rejects.
do { n-- } while (n > 0)
m = a?[0]
x ?= 1
y = a !in b
z = String::valueOf
s = "cost: $5"
node {
  { bare() }
}
a = new String[] { "x" }
ok = first
  && second
