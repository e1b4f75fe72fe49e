sh 'echo loaded'
echo 'top level'
