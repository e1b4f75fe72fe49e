// Loaded by the Jenkinsfile: the top-level statements run when it is
// loaded, the methods when the Jenkinsfile calls them.
sh 'echo "loaded" >> "$TRACE"'

def build(String target) {
  sh "echo \"build ${target}\" >> \"\$TRACE\""
}

return this
