def call(Map args) {
    sh "deploy ${args.env}"
    rollback()
}

def rollback() {
    sh 'rollback'
}
