node {
  sh 'fine'
  foo(a b)
  sh 'still parsed'
  def x = 1 +
}
bar()
x = 1 2
echo "${a b c}"
else { }
stage('after') {
  sh 'ok'
}
