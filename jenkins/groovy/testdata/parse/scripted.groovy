properties([
  parameters([string(name: 'TARGET', defaultValue: 'dev')]),
  buildDiscarder(logRotator(numToKeepStr: '20')),
])

def branches = [:]
for (int i = 0; i < 3; i++) {
  def index = i
  branches["shard-${index}"] = {
    node('linux') {
      sh "./test.sh --shard ${index}"
    }
  }
}

node('docker') {
  stage('Checkout') {
    checkout scm
  }
  stage('Test') {
    parallel branches
  }
  stage('Build') {
    docker.image('maven:3').inside('-v $HOME/.m2:/root/.m2') {
      sh 'mvn -B package'
    }
    def version = readFile('VERSION').trim()
    if (env.BRANCH_NAME == 'main') {
      currentBuild.displayName = "v${version}"
    } else {
      echo "Branch ${env.BRANCH_NAME}: not releasing"
    }
  }
  stage('Windows') {
    bat 'build.cmd'
    powershell '''
      Get-ChildItem
    '''
  }
}
return this
