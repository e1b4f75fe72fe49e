package convert

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

var (
	stepMail               = &Construct{Kind: KindStep, Name: "mail", Status: Approximated, Summary: "the notify-email template (curl to your SMTP server, whose URL and login are secrets)"}
	stepEmailext           = &Construct{Kind: KindStep, Name: "emailext", Status: Approximated, Summary: "the notify-email template; recipient providers become the MAIL_TO variable"}
	stepSlackSend          = &Construct{Kind: KindStep, Name: "slackSend", Status: Approximated, Summary: "the slack-notify template; the webhook decides the channel"}
	stepPullRequestComment = &Construct{Kind: KindStep, Name: "pullRequest.comment", Status: Approximated, Summary: "gh pr comment on pull request events"}
	stepPublishChecks      = &Construct{Kind: KindStep, Name: "publishChecks", Status: Approximated, Summary: "the check's title, summary and text in the job summary"}
	stepWrap               = &Construct{Kind: KindStep, Name: "wrap", Status: Approximated, Summary: "Xvnc becomes Xvfb on DISPLAY :99; other wrappers are manual"}
	stepStep               = &Construct{Kind: KindStep, Name: "step", Status: Manual, Summary: "the Mailer publisher becomes the notify-email template on failure; other classes are manual"}
)

func init() {
	stepMail.step = mapMail
	stepEmailext.step = mapMail
	stepSlackSend.step = mapSlack
	stepPullRequestComment.step = mapPRComment
	stepPublishChecks.step = mapPublishChecks
	stepWrap.step = mapWrap
	stepStep.step = mapStepClass
}

// inputValue renders a value for a template input. A value only Groovy
// computes is computed first, into env as name; why says why it cannot be.
func (c *converter) inputValue(sc *scope, v pipeline.Value, name string) (expr, why string) {
	switch {
	case v.Kind == pipeline.Absent:
		return "", ""
	case v.IsLiteral() || v.Kind == pipeline.String && c.resolves(sc, v):
		return c.exprValue(v, nil), ""
	}
	if why := c.computeEnv(sc, name, v, v.Range); why != "" {
		return "", why
	}
	return "${{ env." + name + " }}", ""
}

// mailInputs are the notify-email inputs that say how to send: the SMTP
// server and login from secrets, which the report lists, and the sender
// from a repository variable.
func (c *converter) mailInputs(src diag.Range) map[string]string {
	in := map[string]string{"from": "${{ vars.MAIL_FROM }}"}
	for input, secret := range map[string]string{"smtp-url": "SMTP_URL", "username": "SMTP_USERNAME", "password": "SMTP_PASSWORD"} {
		c.addSecret(secret, "", "SMTP server for notify-email", src)
		in[input] = secretRef(secret)
	}
	return in
}

func mapMail(c *converter, sc *scope, s *pipeline.Step) {
	in := c.mailInputs(s.Range)
	var notes []string
	// In a fixed order: a field Groovy computes adds a step.
	for _, field := range []string{"to", "subject", "body", "from"} {
		v, why := c.inputValue(sc, s.Args.Get(field), "MAIL_"+strings.ToUpper(field))
		if why != "" {
			c.manual(constructFor(KindStep, s.Name), s.Range, s.Text, "the %s is computed by Groovy: %s", field, why)
			return
		}
		if v != "" {
			in[field] = v
		}
	}
	if in["to"] == "" {
		in["to"] = "${{ vars.MAIL_TO }}"
		notes = append(notes, "no literal recipients (recipient providers have no GitHub equivalent): set the repository variable MAIL_TO")
	}
	if in["subject"] == "" {
		in["subject"] = "${{ github.workflow }} #${{ github.run_number }}"
	}
	if s.Args.Get("mimeType").Str() == "text/html" || strings.Contains(s.Args.Get("body").Text, "<a href") {
		notes = append(notes, "the body is sent as plain text")
	}
	c.template(sc, "notify-email", in, s.Range)
	notes = append([]string{"sent with curl through the SMTP server in the secrets SMTP_URL, SMTP_USERNAME and SMTP_PASSWORD, from the variable MAIL_FROM"}, notes...)
	c.record(constructFor(KindStep, s.Name), Approximated, s.Range, "%s", strings.Join(notes, "; "))
}

func mapSlack(c *converter, sc *scope, s *pipeline.Step) {
	text, why := c.inputValue(sc, s.Args.First("message"), "SLACK_MESSAGE")
	if why != "" {
		c.manual(stepSlackSend, s.Range, s.Text, "the message is computed by Groovy: %s", why)
		return
	}
	if text == "" {
		text = "${{ github.workflow }} #${{ github.run_number }}: ${{ job.status }}"
	}
	webhook := "SLACK_WEBHOOK_URL"
	if id, ok := valueText(s.Args.Get("tokenCredentialId")); ok && id != "" {
		webhook = c.secretFor(id)
	}
	c.addSecret(webhook, "", "Slack incoming webhook", s.Range)
	c.template(sc, "slack-notify", map[string]string{"webhook": secretRef(webhook), "text": text}, s.Range)
	note := fmt.Sprintf("posted through the incoming webhook in the secret %s", webhook)
	if ch := s.Args.Get("channel").Str(); ch != "" {
		note += fmt.Sprintf(", which must post to %s", ch)
	}
	c.record(stepSlackSend, Approximated, s.Range, "%s; color is not carried over", note)
}

// mapStepClass handles step([$class: ...]), the generic build step of
// old plugins.
func mapStepClass(c *converter, sc *scope, s *pipeline.Step) {
	class := s.Args.Get("$class").Str()
	if class != "Mailer" {
		c.unknownStep(sc, s)
		return
	}
	failed := sc.child()
	failed.cond = condition.And(condition.Of("failure()"), sc.cond)
	in := c.mailInputs(s.Range)
	in["to"], _ = c.inputValue(sc, s.Args.Get("recipients"), "MAIL_TO")
	if in["to"] == "" {
		in["to"] = "${{ vars.MAIL_TO }}"
	}
	in["subject"] = "Build failed: ${{ github.workflow }} #${{ github.run_number }}"
	in["body"] = "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}"
	c.template(failed, "notify-email", in, s.Range)
	c.record(stepStep, Approximated, s.Range, "the Mailer publisher mails on failure with the notify-email template; Jenkins also mailed when the build got back to normal")
}

// mapPRComment posts pullRequest.comment(text) of the GitHub Branch Source
// plugin with gh, on pull request events.
func mapPRComment(c *converter, sc *scope, s *pipeline.Step) {
	body, why := c.inputValue(sc, s.Args.First("comment"), "PR_COMMENT")
	if why != "" || body == "" {
		c.manual(stepPullRequestComment, s.Range, s.Text, "the comment is computed by Groovy: %s", why)
		return
	}
	pr := sc.child()
	pr.cond = condition.And(condition.Of("github.event_name == 'pull_request'"), sc.cond)
	sc.job.perms = sc.job.perms.Set("pull-requests", workflow.Write)
	c.emit(pr, &workflow.Step{Name: "Comment on the pull request", Run: `gh pr comment "$PR_NUMBER" --repo "$GITHUB_REPOSITORY" --body "$COMMENT"`,
		Env: []workflow.KV{{Key: "GH_TOKEN", Value: "${{ github.token }}"}, {Key: "PR_NUMBER", Value: "${{ github.event.pull_request.number }}"}, {Key: "COMMENT", Value: body}}}, s.Range)
	c.record(stepPullRequestComment, Approximated, s.Range, "gh pr comment with the job's token (pull-requests: write), on pull request events only")
}

// mapPublishChecks writes what publishChecks would show in a check run to
// the job summary, which needs no permission.
func mapPublishChecks(c *converter, sc *scope, s *pipeline.Step) {
	var lines []string
	for _, f := range []string{"title", "summary", "text"} {
		v := s.Args.Get(f)
		if v.Kind == pipeline.Absent {
			continue
		}
		word, unresolved := c.shellWord(sc, v)
		if len(unresolved) > 0 {
			c.recordScript(stepPublishChecks, s, unresolved)
			return
		}
		if f == "title" {
			word = "'## '" + word
		}
		lines = append(lines, "  printf '%s\\n\\n' "+word)
	}
	if len(lines) == 0 {
		c.record(stepPublishChecks, Converted, s.Range, "nothing to publish")
		return
	}
	run := "{\n" + strings.Join(lines, "\n") + "\n} >> \"$GITHUB_STEP_SUMMARY\""
	c.emit(sc, &workflow.Step{Name: "Publish " + firstLine(s.Args.Get("name").Str()), Run: withDirective(c.directive(run, s.Range), run)}, s.Range)
	c.record(stepPublishChecks, Approximated, s.Range, "the check's title, summary and text go to the job summary instead of a check run")
}

// mapWrap handles wrap([$class: ...]) build wrappers: Xvnc becomes a
// virtual display for the rest of the job.
func mapWrap(c *converter, sc *scope, s *pipeline.Step) {
	if class := s.Args.Get("$class").Str(); class != "Xvnc" {
		c.unknownStep(sc, s)
		return
	}
	run := "Xvfb :99 -screen 0 1280x1024x24 >/dev/null 2>&1 &\necho \"DISPLAY=:99\" >> \"$GITHUB_ENV\"\n"
	c.emit(sc, &workflow.Step{Name: "Start a virtual display", Run: run}, s.Range)
	c.record(stepWrap, Approximated, s.Range, "Xvfb, which the Ubuntu runner images have, serves DISPLAY :99 for the rest of the job")
	c.steps(sc, s.Body)
}
