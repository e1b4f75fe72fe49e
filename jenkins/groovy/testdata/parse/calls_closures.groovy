f(a: 1, 'positional', b: 2)
f(default: 1, in: 2, 'quoted': 3, *list, *: map)
checkout([$class: 'GitSCM', branches: [[name: '*/main']], userRemoteConfigs: [[url: repo]]])
stage('Build') {
  sh 'make'
}
node {
}
retry(3) { sh 'flaky' } { echo 'second closure' }
withCredentials([usernamePassword(credentialsId: 'c', usernameVariable: 'U', passwordVariable: 'P')]) {
  sh 'login -u $U -p $P'
}
timeout(time: 5, unit: 'MINUTES')
{
  echo 'a trailing closure on the next line'
}
def noArgs = { -> 42 }
def two = { a, b -> a + b }
def typed = { String s, int n = 1 -> s * n }
def implicit = { it.trim() }
parallel(
  first: {
    sh 'one'
  },
  second: { sh 'two' }
)
