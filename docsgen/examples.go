package docsgen

// examples are the Jenkinsfile snippets the support matrix converts while
// the site is generated, keyed by construct id ("kind:name"). Each must
// parse and reach its construct (runExample checks); constructs without
// one get their status and summary only.
var examples = map[string]string{
	"agent:any":        withAgent("any"),
	"agent:docker":     withAgent("{\n    docker { image 'maven:3.9-eclipse-temurin-21' }\n  }"),
	"agent:dockerfile": withAgent("{ dockerfile true }"),
	"agent:label":      withAgent("{ label 'linux' }"),
	"agent:node":       withAgent("{\n    node {\n      label 'linux'\n      customWorkspace 'build'\n    }\n  }"),
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

	"groovy:def":         inScript("def version = '1.2.3'\nsh \"make VERSION=${version}\""),
	"groovy:description": inScript("currentBuild.description = 'nightly'"),
	"groovy:env":         inScript("env.RELEASE = 'true'"),
	"groovy:for":         inScript("for (os in ['linux', 'windows']) {\n  sh \"make dist-${os}\"\n}"),
	"groovy:if":          inScript("if (env.BRANCH_NAME == 'main') {\n  sh './publish.sh'\n} else {\n  echo 'not publishing'\n}"),
	"groovy:result":      inScript("currentBuild.result = 'UNSTABLE'"),
	"groovy:throw":       inScript("if (params.DRY_RUN) {\n  throw new Exception('dry run')\n}"),
	"groovy:try":         inScript("try {\n  sh 'make test'\n} catch (e) {\n  echo 'tests failed'\n  throw e\n} finally {\n  sh 'make clean'\n}"),

	"option:ansiColor":               withOption("ansiColor('xterm')"),
	"option:buildDiscarder":          withOption("buildDiscarder(logRotator(numToKeepStr: '10'))"),
	"option:checkoutToSubdirectory":  withOption("checkoutToSubdirectory('src')"),
	"option:disableConcurrentBuilds": withOption("disableConcurrentBuilds()"),
	"option:disableResume":           withOption("disableResume()"),
	"option:parallelsAlwaysFailFast": withOption("parallelsAlwaysFailFast()"),
	"option:preserveStashes":         withOption("preserveStashes()"),
	"option:quietPeriod":             withOption("quietPeriod(30)"),
	"option:retry":                   withOption("retry(2)"),
	"option:skipDefaultCheckout":     withOption("skipDefaultCheckout()"),
	"option:skipStagesAfterUnstable": withOption("skipStagesAfterUnstable()"),
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

	"step:archiveArtifacts":   withSteps("archiveArtifacts artifacts: 'target/*.jar', fingerprint: true"),
	"step:bat":                withSteps("bat 'build.cmd'"),
	"step:catchError":         withSteps("catchError(buildResult: 'SUCCESS', stageResult: 'FAILURE') {\n  sh 'make lint'\n}"),
	"step:checkout":           withSteps("checkout scm"),
	"step:cleanWs":            withSteps("cleanWs()"),
	"step:deleteDir":          withSteps("deleteDir()"),
	"step:dir":                withSteps("dir('app') {\n  sh 'make'\n}"),
	"step:echo":               withSteps("echo 'Hello'"),
	"step:error":              withSteps("error 'stop here'"),
	"step:git":                withSteps("git url: 'https://github.com/example/app.git', branch: 'main'"),
	"step:input":              withSteps("input message: 'Go on?'"),
	"step:junit":              withSteps("junit 'target/surefire-reports/*.xml'"),
	"step:mail":               withSteps("mail to: 'team@example.com', subject: 'Build', body: 'Done'"),
	"step:powershell":         withSteps("powershell 'Get-ChildItem'"),
	"step:pwsh":               withSteps("pwsh './build.ps1'"),
	"step:retry":              withSteps("retry(3) {\n  sh 'make flaky-test'\n}"),
	"step:script":             withSteps("script {\n  sh 'make'\n}"),
	"step:sh":                 withSteps("sh 'make'"),
	"step:slackSend":          withSteps("slackSend channel: '#builds', message: 'Build done'"),
	"step:sleep":              withSteps("sleep 10"),
	"step:stash":              withSteps("stash name: 'jar', includes: 'target/*.jar'"),
	"step:timeout":            withSteps("timeout(time: 5, unit: 'MINUTES') {\n  sh 'make test'\n}"),
	"step:withCredentials":    withSteps("withCredentials([string(credentialsId: 'sonar-token', variable: 'SONAR_TOKEN')]) {\n  sh 'make sonar'\n}"),
	"step:withEnv":            withSteps("withEnv(['GOFLAGS=-mod=vendor']) {\n  sh 'go build ./...'\n}"),
	"step:withSonarQubeEnv":   withSteps("withSonarQubeEnv('sonar') {\n  sh 'mvn sonar:sonar'\n}"),
	"step:writeFile":          withSteps("writeFile file: 'version.txt', text: '1.0'"),
	"step:readFile":           withSteps("readFile file: 'version.txt'"),
	"step:unstable":           withSteps("unstable 'coverage dropped'"),
	"step:waitForQualityGate": withSteps("waitForQualityGate abortPipeline: true"),

	"tool:go":     withTool("go 'go-1.22'"),
	"tool:gradle": withTool("gradle 'gradle-8'"),
	"tool:jdk":    withTool("jdk 'jdk-21'"),
	"tool:maven":  withTool("maven 'maven-3.9'"),
	"tool:nodejs": withTool("nodejs 'node-20'"),

	"trigger:cron":     withTrigger("cron('H 2 * * 1-5')"),
	"trigger:pollSCM":  withTrigger("pollSCM('H/15 * * * *')"),
	"trigger:upstream": withTrigger("upstream(upstreamProjects: 'library', threshold: hudson.model.Result.SUCCESS)"),

	"when:allOf":         withWhen("allOf {\n  branch 'main'\n  environment name: 'DEPLOY', value: 'true'\n}"),
	"when:anyOf":         withWhen("anyOf {\n  branch 'main'\n  branch 'release/*'\n}"),
	"when:branch":        withWhen("branch 'release/*'"),
	"when:buildingTag":   withWhen("buildingTag()"),
	"when:changeRequest": withWhen("changeRequest()"),
	"when:changeset":     withWhen("changeset 'docs/**'"),
	"when:environment":   withWhen("environment name: 'DEPLOY', value: 'true'"),
	"when:equals":        withWhen("equals expected: 'main', actual: env.BRANCH_NAME"),
	"when:expression":    withWhen("expression { params.DEPLOY == true }"),
	"when:not":           withWhen("not { branch 'main' }"),
	"when:tag":           withWhen("tag 'v*'"),
}

// withSteps puts body in the steps of a one-stage pipeline.
func withSteps(body string) string {
	return "pipeline {\n  agent any\n  stages {\n    stage('Build') {\n      steps {\n" +
		indent(body, "        ") + "      }\n    }\n  }\n}\n"
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
