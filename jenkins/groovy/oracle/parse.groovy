// Parses each file named on standard input, one path a line, with the
// Groovy compiler up to Phases.CONVERSION (syntax only, as Jenkins' CPS
// parser sees it) and prints one line a file:
//   OK <tab> path
//   ERR <tab> path <tab> line:col <tab> message
//   TIMEOUT <tab> path
import org.codehaus.groovy.control.CompilationFailedException
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.control.Phases
import org.codehaus.groovy.control.messages.SyntaxErrorMessage
import org.codehaus.groovy.control.messages.ExceptionMessage

// Groovy 2.4's ANTLR parser backtracks exponentially on some broken
// inputs; a file that takes longer than this is reported as TIMEOUT.
def limitSeconds = 20

def verdict = { String path ->
    def unit = new CompilationUnit(new CompilerConfiguration())
    unit.addSource('Script1.groovy', new File(path).getText('UTF-8'))
    try {
        unit.compile(Phases.CONVERSION)
        return "OK\t${path}"
    } catch (CompilationFailedException e) {
        def where = '0:0'
        def msg = e.message
        def first = unit.errorCollector.errorCount > 0 ? unit.errorCollector.getError(0) : null
        if (first instanceof SyntaxErrorMessage) {
            def c = first.cause
            where = "${c.line}:${c.startColumn}"
            msg = c.originalMessage
        } else if (first instanceof ExceptionMessage) {
            msg = first.cause.toString()
        }
        return "ERR\t${path}\t${where}\t${msg.replaceAll(/\s+/, ' ')}"
    } catch (Throwable t) {
        return "ERR\t${path}\t0:0\t${t.toString().replaceAll(/\s+/, ' ')}"
    }
}

def out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, 'UTF-8')))
def pool = java.util.concurrent.Executors.newCachedThreadPool({ r ->
    def t = new Thread(r)
    t.daemon = true
    t
} as java.util.concurrent.ThreadFactory)
System.in.newReader('UTF-8').eachLine { path ->
    if (!path) return
    def future = pool.submit({ verdict(path) } as java.util.concurrent.Callable)
    try {
        out.println(future.get(limitSeconds, java.util.concurrent.TimeUnit.SECONDS))
    } catch (java.util.concurrent.TimeoutException e) {
        future.cancel(true)
        out.println("TIMEOUT\t${path}")
    }
    out.flush()
}
out.flush()
System.exit(0)
