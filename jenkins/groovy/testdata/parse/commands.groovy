// Calls without parentheses, as Jenkinsfiles write steps.
sh 'make'
echo "Building ${env.BRANCH_NAME}"
junit allowEmptyResults: true, testResults: '**/target/*.xml'
sh script: './build.sh', returnStdout: true
values 'linux', 'windows'
def node = tool 'nodejs'
props = readProperties file: 'build.properties'
def rc = sh returnStatus: true, script: '''
  ./test.sh
'''
steps.echo 'from a library'
input message: 'Deploy?', ok: 'Yes'
error "Unsupported target: ${target}"
buildDiscarder logRotator(numToKeepStr: '10')
jdk params.jdkVersion
failFast true
parallel 'unit': { sh 'make unit' }, 'lint': { sh 'make lint' }
stage 'Old style'
x -1
y [0]
