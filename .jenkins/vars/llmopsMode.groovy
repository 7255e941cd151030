// Which part of llmopsPipeline a build runs: the LLMOPS_MODE parameter, else pr for a change request, scheduled
// for the timer, main on the main branch, none elsewhere.
String call() {
  if (params.LLMOPS_MODE && params.LLMOPS_MODE != 'auto') {
    return params.LLMOPS_MODE
  }
  if (env.CHANGE_ID) {
    return 'pr'
  }
  if (currentBuild.getBuildCauses('hudson.triggers.TimerTrigger$TimerTriggerCause')) {
    return 'scheduled'
  }
  return env.BRANCH_NAME == 'main' ? 'main' : 'none'
}
