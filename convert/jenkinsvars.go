package convert

// jenkinsVars maps the variables Jenkins sets for every build to the GitHub
// expressions with the same meaning. Scripts read them through env, never
// through an expression pasted into the script, because some (branch names,
// pull request titles) are controlled by whoever opens a pull request.
var jenkinsVars = map[string]string{
	"BUILD_NUMBER":        "${{ github.run_number }}",
	"BUILD_ID":            "${{ github.run_id }}",
	"BUILD_DISPLAY_NAME":  "#${{ github.run_number }}",
	"BUILD_TAG":           "${{ github.workflow }}-${{ github.run_number }}",
	"BUILD_URL":           "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}",
	"RUN_DISPLAY_URL":     "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}",
	"JOB_NAME":            "${{ github.workflow }}",
	"JOB_BASE_NAME":       "${{ github.workflow }}",
	"JOB_URL":             "${{ github.server_url }}/${{ github.repository }}/actions",
	"JENKINS_URL":         "${{ github.server_url }}",
	"HUDSON_URL":          "${{ github.server_url }}",
	"WORKSPACE":           "${{ github.workspace }}",
	"WORKSPACE_TMP":       "${{ runner.temp }}",
	"NODE_NAME":           "${{ runner.name }}",
	"NODE_LABELS":         "${{ runner.os }}",
	"EXECUTOR_NUMBER":     "0",
	"BRANCH_NAME":         "${{ " + branchName + " }}",
	"GIT_BRANCH":          "${{ " + branchName + " }}",
	"GIT_LOCAL_BRANCH":    "${{ github.head_ref || github.ref_name }}",
	"GIT_COMMIT":          "${{ github.sha }}",
	"GIT_PREVIOUS_COMMIT": "${{ github.event.before }}",
	"GIT_URL":             "${{ github.server_url }}/${{ github.repository }}.git",
	"CHANGE_ID":           "${{ github.event.pull_request.number }}",
	"CHANGE_URL":          "${{ github.event.pull_request.html_url }}",
	"CHANGE_TITLE":        "${{ github.event.pull_request.title }}",
	"CHANGE_AUTHOR":       "${{ github.event.pull_request.user.login }}",
	"CHANGE_BRANCH":       "${{ github.head_ref }}",
	"CHANGE_TARGET":       "${{ github.base_ref }}",
	"TAG_NAME":            "${{ github.ref_type == 'tag' && github.ref_name || '' }}",
}

// branchName is BRANCH_NAME as a multibranch job sets it: the branch, or
// PR-<number> for a pull request, whose head branch is CHANGE_BRANCH. A
// fork's main is not main.
const branchName = "(github.event_name == 'pull_request' && format('PR-{0}', github.event.pull_request.number) || github.ref_name)"
