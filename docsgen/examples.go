package docsgen

import "github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"

// examples are the Jenkinsfile snippets the support matrix converts while
// the site is generated, keyed by construct id ("kind:name"). Each must
// parse and reach its construct (runExample checks); constructs without
// one get their status and summary only.
var examples = map[string]string{
	"agent:any":        withAgent("any"),
	"agent:docker":     withAgent("{\n    docker { image 'maven:3.9-eclipse-temurin-21' }\n  }"),
	"agent:dockerfile": withAgent("{ dockerfile true }"),
	"agent:kubernetes": `pipeline {
  agent {
    kubernetes {
      defaultContainer 'maven'
      yaml '''
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: maven
    image: maven:3.9-eclipse-temurin-21
    command: [sleep]
    args: [infinity]
  - name: postgres
    image: postgres:16
    env:
    - name: POSTGRES_PASSWORD
      value: test
'''
    }
  }
  stages {
    stage('Build') {
      steps {
        sh 'mvn -B verify'
      }
    }
  }
}
`,
	"agent:label": withAgent("{ label 'linux' }"),
	"agent:node":  withAgent("{\n    node {\n      label 'linux'\n      customWorkspace 'build'\n    }\n  }"),
	"agent:none": `pipeline {
  agent none
  stages {
    stage('Build') {
      agent { label 'linux' }
      steps {
        sh 'make'
      }
    }
  }
}
`,

	"credential:string":            withSteps("withCredentials([string(credentialsId: 'api-token', variable: 'TOKEN')]) {\n  sh 'curl -fsS -H \"Authorization: Bearer $TOKEN\" https://api.example.com/ping'\n}"),
	"credential:usernamePassword":  withSteps("withCredentials([usernamePassword(credentialsId: 'docker-hub', usernameVariable: 'USER', passwordVariable: 'PASS')]) {\n  sh 'echo \"$PASS\" | docker login -u \"$USER\" --password-stdin'\n}"),
	"credential:file":              withSteps("withCredentials([file(credentialsId: 'kubeconfig', variable: 'KUBECONFIG')]) {\n  sh 'kubectl get pods'\n}"),
	"credential:sshUserPrivateKey": withSteps("withCredentials([sshUserPrivateKey(credentialsId: 'deploy-key', keyFileVariable: 'KEY')]) {\n  sh 'ssh -i \"$KEY\" deploy@example.com true'\n}"),
	"credential:unknown":           withSection("environment", "SONAR_TOKEN = credentials('sonar-token')\n"),
	"directive:environment":        withSection("environment", "MAVEN_OPTS = '-Xmx1g'\n"),
	"directive:stage":              withAgent("any"),
	"directive:groovy":             "def image = 'registry.example.com/app'\n\n" + withSteps("sh \"docker build -t ${image} .\""),
	"directive:import":             "import groovy.json.JsonSlurper\n\n" + withAgent("any"),
	"directive:library":            "@Library('shared-steps') _\n\n" + withAgent("any"),
	"parameter:string":             withSection("parameters", "string(name: 'TARGET', defaultValue: 'staging', description: 'Where to deploy')\n"),
	"parameter:text":               withSection("parameters", "text(name: 'NOTES', defaultValue: '', description: 'Release notes')\n"),
	"parameter:booleanParam":       withSection("parameters", "booleanParam(name: 'DRY_RUN', defaultValue: true, description: 'Only print')\n"),
	"parameter:choice":             withSection("parameters", "choice(name: 'REGION', choices: ['eu-west-1', 'us-east-1'], description: 'Region')\n"),
	"parameter:password":           withSection("parameters", "password(name: 'API_KEY', defaultValue: '', description: 'Key')\n"),
	"parameter:file":               withSection("parameters", "file(name: 'config.json', description: 'Configuration')\n"),
	"parameter:stashedFile":        withSection("parameters", "stashedFile(name: 'bundle', description: 'Bundle')\n"),
	"parameter:base64File":         withSection("parameters", "base64File(name: 'cert', description: 'Certificate')\n"),
	"parameter:other":              withSection("parameters", "gitParameter(name: 'BRANCH', type: 'PT_BRANCH', defaultValue: 'main')\n"),
	"parameter:binding":            withSteps("sh \"./deploy.sh ${target}\""),
	"parameter:computed":           "properties([parameters([string(name: 'A', defaultValue: 'x')] + extraParameters())])\n" + scripted("sh 'make'\n"),
	"groovy:printStackTrace":       scripted("try {\n  sh 'make'\n} catch (e) {\n  e.printStackTrace()\n  throw e\n}\n"),
	"groovy:code":                  scripted("while (!ready()) {\n  sleep 10\n}\n"),
	"groovy:syntax":                scripted("sh 'make'\nx = [1,,]\nsh 'make test'\n"),
	"directive:parallel": `pipeline {
  agent any
  stages {
    stage('Test') {
      parallel {
        stage('Unit') {
          steps {
            sh 'make unit'
          }
        }
        stage('Lint') {
          steps {
            sh 'make lint'
          }
        }
      }
    }
  }
}
`,
	"directive:failFast": `pipeline {
  agent any
  stages {
    stage('Test') {
      failFast true
      parallel {
        stage('Linux') {
          agent { label 'linux' }
          steps {
            sh 'make test'
          }
        }
        stage('Windows') {
          agent { label 'windows' }
          steps {
            bat 'make test'
          }
        }
      }
    }
  }
}
`,
	"directive:deployment": `pipeline {
  agent any
  stages {
    stage('Build') {
      steps {
        sh 'make'
      }
    }
    stage('Deploy') {
      agent { label 'linux' }
      steps {
        sh './deploy.sh'
      }
    }
  }
}
`,
	"directive:exclude": `pipeline {
  agent any
  stages {
    stage('Test') {
      matrix {
        axes {
          axis {
            name 'OS'
            values 'linux', 'windows'
          }
          axis {
            name 'JDK'
            values '17', '21'
          }
        }
        excludes {
          exclude {
            axis {
              name 'OS'
              values 'windows'
            }
            axis {
              name 'JDK'
              values '17'
            }
          }
        }
        stages {
          stage('Test') {
            steps {
              sh './test.sh'
            }
          }
        }
      }
    }
  }
}
`,
	"directive:beforeAgent": `pipeline {
  agent none
  stages {
    stage('Deploy') {
      agent { label 'linux' }
      when {
        beforeAgent true
        branch 'main'
      }
      steps {
        sh './deploy.sh'
      }
    }
  }
}
`,
	"directive:triggers": `pipeline {
  agent any
  stages {
    stage('Build') {
      steps {
        sh 'make'
      }
    }
  }
}
`,
	"directive:workspace": `pipeline {
  agent any
  stages {
    stage('Build') {
      steps {
        sh 'make'
      }
    }
    stage('Scan') {
      agent { label 'scanner' }
      steps {
        sh 'make scan'
      }
    }
    stage('Package') {
      steps {
        sh 'make package'
      }
    }
  }
}
`,
	"directive:input": `pipeline {
  agent any
  stages {
    stage('Deploy') {
      input {
        message 'Deploy to production?'
        submitter 'release-managers'
      }
      steps {
        sh './deploy.sh'
      }
    }
  }
}
`,
	"directive:matrix": `pipeline {
  agent any
  stages {
    stage('Test') {
      matrix {
        axes {
          axis {
            name 'JDK'
            values '17', '21'
          }
        }
        stages {
          stage('Unit') {
            steps {
              sh 'mvn -B test'
            }
          }
        }
      }
    }
  }
}
`,

	"groovy:def":         inScript("def version = '1.2.3'\nsh \"make VERSION=${version}\"\ndef tag = env.BRANCH_NAME == 'main' ? 'latest' : env.BRANCH_NAME.replace('/', '-')\nsh \"docker build -t app:${tag} .\""),
	"groovy:description": inScript("currentBuild.description = 'nightly'"),
	"groovy:env":         inScript("env.RELEASE = 'true'"),
	"groovy:for":         inScript("for (os in ['linux', 'windows']) {\n  sh \"make dist-${os}\"\n}"),
	"groovy:if":          inScript("if (env.BRANCH_NAME == 'main') {\n  sh './publish.sh'\n} else {\n  echo 'not publishing'\n}"),
	"groovy:method": `def build(String target) {
  sh "make ${target}"
}

node('linux') {
  stage('Build') {
    build('all')
  }
}
`,
	"groovy:return": `def version(String file) {
  sh "test -f ${file}"
  def line = sh(script: "grep -m1 '<version>' ${file}", returnStdout: true)
  return line.replaceAll(/<\\/?version>/, '').trim()
}

node('linux') {
  stage('Build') {
    env.VERSION = version('pom.xml')
    sh 'mvn -B deploy -Drevision=$VERSION'
  }
}
`,
	"step:step": withSteps("step([$class: 'Mailer', recipients: 'dev@example.com'])"),
	"groovy:branch": `def branches = [:]
for (os in ['linux', 'windows']) {
  def target = os
  branches[target] = {
    sh "make dist-${target}"
  }
}

node('linux') {
  stage('Build') {
    parallel branches
  }
}
`,
	"groovy:append": `def props = [buildDiscarder(logRotator(numToKeepStr: '10'))]
props << pipelineTriggers([cron('H 2 * * *')])
properties(props)

node('linux') {
  stage('Build') {
    sh 'make'
  }
}
`,
	"groovy:declare": inScript("def version, commit\nversion = '1.0'\nsh \"make VERSION=${version}\""),
	"groovy:result":  inScript("currentBuild.result = 'UNSTABLE'"),
	"groovy:throw":   inScript("if (params.DRY_RUN) {\n  throw new Exception('dry run')\n}"),
	"groovy:try":     inScript("try {\n  sh 'make test'\n} catch (e) {\n  echo 'tests failed'\n  throw e\n} finally {\n  sh 'make clean'\n}"),

	"option:disableRestartFromStage": withOption("disableRestartFromStage()"),
	"option:ansiColor":               withOption("ansiColor('xterm')"),
	"option:buildDiscarder":          withOption("buildDiscarder(logRotator(numToKeepStr: '10'))"),
	"option:checkoutToSubdirectory":  withOption("checkoutToSubdirectory('src')"),
	"option:copyArtifactPermission":  withOption("copyArtifactPermission('deploy-*')"),
	"option:disableConcurrentBuilds": withOption("disableConcurrentBuilds()"),
	"option:disableResume":           withOption("disableResume()"),
	"option:durabilityHint":          withOption("durabilityHint('PERFORMANCE_OPTIMIZED')"),
	"option:lock":                    withOption("lock('staging-db')"),
	"option:newContainerPerStage": `pipeline {
  agent {
    docker { image 'node:20' }
  }
  options {
    newContainerPerStage()
  }
  stages {
    stage('Build') {
      steps {
        sh 'npm ci'
      }
    }
    stage('Test') {
      steps {
        sh 'npm test'
      }
    }
  }
}
`,
	"option:overrideIndexTriggers":   withOption("overrideIndexTriggers(false)"),
	"option:parallelsAlwaysFailFast": withOption("parallelsAlwaysFailFast()"),
	"option:preserveStashes":         withOption("preserveStashes()"),
	"option:quietPeriod":             withOption("quietPeriod(30)"),
	"option:rateLimitBuilds":         withOption("rateLimitBuilds(throttle: [count: 2, durationName: 'hour', userBoost: true])"),
	"option:retry":                   withOption("retry(2)"),
	"option:skipDefaultCheckout":     withOption("skipDefaultCheckout()"),
	"option:skipStagesAfterUnstable": withOption("skipStagesAfterUnstable()"),
	"option:throttle":                withOption("throttle(['deploy'])"),
	"option:timeout":                 withOption("timeout(time: 30, unit: 'MINUTES')"),
	"option:timestamps":              withOption("timestamps()"),

	"post:aborted":      withPost("aborted", "echo 'aborted'"),
	"post:always":       withPost("always", "junit 'target/surefire-reports/*.xml'"),
	"post:changed":      withPost("changed", "echo 'the result changed'"),
	"post:cleanup":      withPost("cleanup", "deleteDir()"),
	"post:failure":      withPost("failure", "echo 'the build failed'"),
	"post:fixed":        withPost("fixed", "echo 'fixed'"),
	"post:regression":   withPost("regression", "echo 'broken again'"),
	"post:success":      withPost("success", "archiveArtifacts artifacts: 'target/*.jar'"),
	"post:unstable":     withPost("unstable", "echo 'unstable'"),
	"post:unsuccessful": withPost("unsuccessful", "echo 'not a success'"),

	"step:archiveArtifacts": withSteps("archiveArtifacts artifacts: 'target/*.jar', fingerprint: true"),
	"step:ansiColor":        withSteps("ansiColor('xterm') {\n  sh 'make'\n}"),
	"step:bat":              withSteps("bat 'build.cmd'"),
	"step:build":            withSteps("build job: 'deploy', parameters: [string(name: 'VERSION', value: '1.2.3')], wait: false"),
	"step:catchError":       withSteps("catchError(buildResult: 'SUCCESS', stageResult: 'FAILURE') {\n  sh 'make lint'\n}"),
	"step:checkout":         withSteps("checkout scm"),
	"step:cleanWs":          withSteps("cleanWs()"),
	"step:container": `pipeline {
  agent {
    kubernetes {
      yaml '''
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: golang
    image: golang:1.22
    command: [sleep]
    args: [infinity]
'''
    }
  }
  stages {
    stage('Build') {
      steps {
        container('golang') {
          sh 'go build ./...'
        }
      }
    }
  }
}
`,
	"step:copyArtifacts":       withSteps("copyArtifacts projectName: 'library', selector: lastSuccessful(), filter: 'target/*.jar'"),
	"step:deleteDir":           withSteps("deleteDir()"),
	"step:dir":                 withSteps("dir('app') {\n  sh 'make'\n}"),
	"step:docker.image.inside": inScript("docker.image('maven:3.9-eclipse-temurin-21').inside('-v $HOME/.m2:/root/.m2') {\n  sh 'mvn -B verify'\n}"),
	"step:docker.withRegistry": inScript("docker.withRegistry('https://registry.example.com', 'registry-creds') {\n  sh 'docker push registry.example.com/app:latest'\n}"),
	"step:echo":                withSteps("echo 'Hello'"),
	"step:emailext":            withPost("failure", "emailext to: 'team@example.com', subject: 'Build failed', body: 'See ${BUILD_URL}'"),
	"step:error":               withSteps("error 'stop here'"),
	"step:git":                 withSteps("git url: 'https://github.com/example/app.git', branch: 'main'"),
	"step:httpRequest":         withSteps("httpRequest url: 'https://status.example.com/api/deploys', httpMode: 'POST'"),
	"step:input":               withSteps("input message: 'Go on?'"),
	"step:junit":               withSteps("junit 'target/surefire-reports/*.xml'"),
	"step:load":                inScript("// ci/steps.groovy: def build(String target) { sh \"make ${target}\" }; return this\ndef ci = load 'ci/steps.groovy'\nci.build('release')\n"),
	"step:lock":                withSteps("lock('staging-db') {\n  sh './integration-test.sh'\n}"),
	"step:mail":                withSteps("mail to: 'team@example.com', subject: 'Build', body: 'Done'"),
	"step:milestone":           withSteps("milestone(1)"),
	"step:node":                scripted("checkout scm\nsh 'make'"),
	"step:parallel": `node('linux') {
  stage('Test') {
    parallel(
      unit: {
        sh 'make test'
      },
      lint: {
        sh 'make lint'
      }
    )
  }
}
`,
	"step:podTemplate": `podTemplate(containers: [containerTemplate(name: 'maven', image: 'maven:3.9-eclipse-temurin-21', command: 'sleep', args: 'infinity')]) {
  node(POD_LABEL) {
    stage('Build') {
      container('maven') {
        sh 'mvn -B verify'
      }
    }
  }
}
`,
	"step:powershell": withSteps("powershell 'Get-ChildItem'"),
	"step:properties": `properties([
  parameters([string(name: 'VERSION', defaultValue: '1.0', description: 'Version to build')]),
  pipelineTriggers([cron('H 2 * * *')])
])

node('linux') {
  stage('Build') {
    sh "make VERSION=${params.VERSION}"
  }
}
`,
	"step:recordIssues":        withSteps("sh 'mvn -B verify checkstyle:checkstyle'\nrecordIssues(tools: [checkStyle(pattern: 'target/checkstyle-result.xml')])"),
	"step:jacoco":              withSteps("sh 'mvn -B verify'\njacoco(execPattern: 'target/jacoco.exec')"),
	"step:cobertura":           withSteps("sh 'pytest --cov --cov-report=xml'\ncobertura(coberturaReportFile: 'coverage.xml')"),
	"step:ws":                  withSteps("ws('build-area') {\n  sh 'make'\n}"),
	"step:publishHTML":         withSteps("publishHTML(target: [reportDir: 'coverage', reportFiles: 'index.html', reportName: 'Coverage'])"),
	"step:pwsh":                withSteps("pwsh './build.ps1'"),
	"step:readJSON":            withSteps("// fails the build if package.json is not valid JSON\nreadJSON file: 'package.json'\nsh 'npm ci'"),
	"step:readProperties":      withSteps("// fails the build if build.properties cannot be read\nreadProperties file: 'build.properties'\nsh 'make'"),
	"step:readYaml":            withSteps("// fails the build if the chart is not valid YAML\nreadYaml file: 'chart/Chart.yaml'\nsh 'helm package chart'"),
	"step:retry":               withSteps("retry(3) {\n  sh 'make flaky-test'\n}"),
	"step:script":              withSteps("script {\n  sh 'make'\n}"),
	"step:sh":                  withSteps("sh 'make'"),
	"step:slackSend":           withSteps("slackSend channel: '#builds', message: 'Build done'"),
	"step:sshagent":            withSteps("sshagent(['deploy-key']) {\n  sh 'ssh deploy@example.com ./release.sh'\n}"),
	"step:stage":               scripted("sh 'make'"),
	"step:sleep":               withSteps("sleep 10"),
	"step:publishChecks":       withSteps("publishChecks name: 'lint', title: 'Lint', summary: 'no findings'"),
	"step:pullRequest.comment": inScript("pullRequest.comment('The preview is ready')"),
	"step:wrap":                withSteps("wrap([$class: 'Xvnc']) {\n  sh 'npm test'\n}"),
	"step:archive":             withSteps("archive 'build/libs/*.jar'"),
	"step:print":               withSteps("print 'building'"),
	"step:println":             withSteps("println 'building'"),
	"step:configFileProvider":  withSteps("configFileProvider([configFile(fileId: 'maven-settings', variable: 'MAVEN_SETTINGS')]) {\n  sh 'mvn -s $MAVEN_SETTINGS deploy'\n}"),
	"step:stash":               withSteps("stash name: 'jar', includes: 'target/*.jar'"),
	"step:timeout":             withSteps("timeout(time: 5, unit: 'MINUTES') {\n  sh 'make test'\n}"),
	"step:timestamps":          withSteps("timestamps {\n  sh 'make'\n}"),
	"step:tool":                withSteps("// installs Maven on the agent if it is missing\ntool name: 'maven-3.9', type: 'maven'\nsh 'mvn -B verify'"),
	"step:unstash": `pipeline {
  agent none
  stages {
    stage('Build') {
      agent { label 'linux' }
      steps {
        sh 'make'
        stash name: 'dist', includes: 'dist/**'
      }
    }
    stage('Package') {
      agent { label 'linux' }
      steps {
        unstash 'dist'
        sh 'tar czf dist.tgz dist'
      }
    }
  }
}
`,
	"step:warnError":           withSteps("warnError('lint failed') {\n  sh 'make lint'\n}"),
	"step:withCredentials":     withSteps("withCredentials([string(credentialsId: 'sonar-token', variable: 'SONAR_TOKEN')]) {\n  sh 'make sonar'\n}"),
	"step:withDockerContainer": withSteps("withDockerContainer(image: 'node:20') {\n  sh 'npm ci'\n}"),
	"step:withDockerRegistry":  withSteps("withDockerRegistry(credentialsId: 'dockerhub', url: 'https://index.docker.io/v1/') {\n  sh 'docker push example/app:latest'\n}"),
	"step:withEnv":             withSteps("withEnv(['GOFLAGS=-mod=vendor']) {\n  sh 'go build ./...'\n}"),
	"step:withMaven":           withSteps("withMaven(maven: 'maven-3.9') {\n  sh 'mvn -B verify'\n}"),
	"step:withSonarQubeEnv":    withSteps("withSonarQubeEnv('sonar') {\n  sh 'mvn sonar:sonar'\n}"),
	"step:writeFile":           withSteps("writeFile file: 'version.txt', text: '1.0'"),
	"step:readFile":            withSteps("readFile file: 'version.txt'"),
	"step:unstable":            withSteps("unstable 'coverage dropped'"),
	"step:waitForQualityGate":  withSteps("waitForQualityGate abortPipeline: true"),

	"tool:ant":       withTool("ant 'ant-1.10'"),
	"tool:dotnetsdk": withTool("dotnetsdk 'dotnet-sdk-8.0'"),
	"tool:go":        withTool("go 'go-1.22'"),
	"tool:gradle":    withTool("gradle 'gradle-8'"),
	"tool:jdk":       withTool("jdk 'jdk-21'"),
	"tool:maven":     withTool("maven 'maven-3.9'"),
	"tool:nodejs":    withTool("nodejs 'node-20'"),
	"tool:python":    withTool("python 'python-3.12'"),

	"trigger:cron":       withTrigger("cron('H 2 * * 1-5')"),
	"trigger:githubPush": withTrigger("githubPush()"),
	"trigger:pollSCM":    withTrigger("pollSCM('H/15 * * * *')"),
	"trigger:upstream":   withTrigger("upstream(upstreamProjects: 'library', threshold: hudson.model.Result.SUCCESS)"),

	"when:allOf":         withWhen("allOf {\n  branch 'main'\n  environment name: 'DEPLOY', value: 'true'\n}"),
	"when:anyOf":         withWhen("anyOf {\n  branch 'main'\n  branch 'release/*'\n}"),
	"when:branch":        withWhen("branch 'release/*'"),
	"when:buildingTag":   withWhen("buildingTag()"),
	"when:changeRequest": withWhen("changeRequest()"),
	"when:changelog":     withWhen("changelog '.*\\\\[deploy\\\\].*'"),
	"when:changeset":     withWhen("changeset 'docs/**'"),
	"when:environment":   withWhen("environment name: 'DEPLOY', value: 'true'"),
	"when:equals":        withWhen("equals expected: 'main', actual: env.BRANCH_NAME"),
	"when:expression":    withWhen("expression { params.DEPLOY == true }"),
	"when:not":           withWhen("not { branch 'main' }"),
	"when:tag":           withWhen("tag 'v*'"),
	"when:triggeredBy":   withWhen("triggeredBy 'TimerTrigger'"),
}

// withSteps puts body in the steps of a one-stage pipeline.
func withSteps(body string) string {
	return "pipeline {\n  agent any\n  stages {\n    stage('Build') {\n      steps {\n" +
		indent(body, "        ") + "      }\n    }\n  }\n}\n"
}

// scripted is a scripted pipeline whose one stage on a node runs body.
// exampleSources serve the files the examples load.
var exampleSources = jenkinsfile.Sources{Load: func(rel string) (string, []byte, bool) {
	if rel != "ci/steps.groovy" {
		return "", nil, false
	}
	return rel, []byte("def build(String target) {\n  sh \"make ${target}\"\n}\nreturn this\n"), true
}}

func scripted(body string) string {
	return "node('linux') {\n  stage('Build') {\n" + indent(body, "    ") + "  }\n}\n"
}

// inScript puts Groovy in a script block of a one-stage pipeline.
func inScript(body string) string { return withSteps("script {\n" + indent(body, "  ") + "}") }

// withAgent is a one-stage pipeline whose agent is agent.
func withAgent(agent string) string {
	return "pipeline {\n  agent " + agent + "\n  stages {\n    stage('Build') {\n      steps {\n        sh 'make'\n      }\n    }\n  }\n}\n"
}

// withSection is a one-stage pipeline with a top-level section (options,
// triggers, tools, post) holding body.
func withSection(section, body string) string {
	return "pipeline {\n  agent any\n  " + section + " {\n" + indent(body, "    ") +
		"  }\n  stages {\n    stage('Build') {\n      steps {\n        sh 'make'\n      }\n    }\n  }\n}\n"
}

func withOption(o string) string  { return withSection("options", o) }
func withTrigger(t string) string { return withSection("triggers", t) }
func withTool(t string) string    { return withSection("tools", t) }

// withPost is a pipeline whose post section has condition with steps.
func withPost(condition, steps string) string {
	return "pipeline {\n  agent any\n  stages {\n    stage('Build') {\n      steps {\n        sh 'make'\n      }\n    }\n  }\n  post {\n    " +
		condition + " {\n" + indent(steps, "      ") + "    }\n  }\n}\n"
}

// withWhen is a pipeline whose second stage runs under the condition.
func withWhen(cond string) string {
	return "pipeline {\n  agent any\n  stages {\n    stage('Build') {\n      steps {\n        sh 'make'\n      }\n    }\n" +
		"    stage('Deploy') {\n      when {\n" + indent(cond, "        ") +
		"      }\n      steps {\n        sh './deploy.sh'\n      }\n    }\n  }\n}\n"
}
