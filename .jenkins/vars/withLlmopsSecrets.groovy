// Runs body with the Azure OpenAI secrets bound, except for the offline environment, which needs none: a Jenkins
// without the 'aoai-api-base' / 'aoai-api-key' credentials can still run the offline check.
def call(String envName, Closure body) {
  if (envName == 'offline') {
    return body()
  }
  withCredentials([string(credentialsId: 'aoai-api-base', variable: 'AOAI_API_BASE'),
                   string(credentialsId: 'aoai-api-key', variable: 'AOAI_API_KEY')]) {
    return body()
  }
}
