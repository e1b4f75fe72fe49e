pipeline {
  agent { docker { image 'node:20'; args '-v /tmp:/tmp' } }
  environment {
    CI = 'true'
    TOKEN = credentials('token')
    TAG = "${env.BUILD_NUMBER}"
  }
  options { timeout(time: 1, unit: 'HOURS') }
  stages {
    stage('Test') {
      when {
        not { branch 'gh-pages' }
        expression { return env.CHANGE_ID != null }
      }
      steps {
        sh 'npm ci && npm test'
        script {
          def result = sh(returnStdout: true, script: 'git log -1 --pretty=%B').trim()
          if (result.contains('[skip ci]')) {
            currentBuild.result = 'ABORTED'
            return
          }
        }
      }
    }
    stage('Matrix') {
      matrix {
        axes {
          axis { name 'OS'; values 'linux', 'mac' }
        }
        stages {
          stage('Build') { steps { sh "make OS=${OS}" } }
        }
      }
    }
  }
  post {
    always { junit 'reports/**/*.xml' }
    failure { mail to: 'team@example.com', subject: "Failed: ${env.JOB_NAME}", body: 'See logs' }
  }
}

def helper() {
  echo 'statements after the pipeline parse too'
}
