def call(String msg) {
    echo msg
