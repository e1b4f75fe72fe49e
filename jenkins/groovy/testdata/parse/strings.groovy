def a = 'single \'quoted\' \u00e9'
def b = "double \"quoted\" \t ${x + 1} \$notInterpolated"
def c = '''triple
single $x'''
def d = """triple
double ${tool "jdk"} and ${foo('a')} and $env.HOME.length
"""
def e = /slashy \/ \d+$/
def f = /^\d+$/
def g = $/dollar $/ slashy $$ ${x} \d/$
def h = "line \
continued"
def i = "$a$b ${-> lazy} ${} \$ alone"
def j = "${[k: 'v'].collect { key, v -> "$key=${v}" }.join(',')}"
def k = ''
def l = """
    indented ${value}
""".stripIndent().trim()
