// Declarative pipeline of one use case, from a shared library (configure this repository as the global pipeline
// library 'llmops', library path '.jenkins/'). A use case's Jenkinsfile, written by `llmops ci init --platform
// jenkins`, is two lines:
//   @Library('llmops') _
//   llmopsPipeline(useCase: 'use-cases/x', name: 'x')
// Pull requests: validate, experiment on `pr` with gates, junit, HTML report, soft gates as UNSTABLE.
// main: register data, experiment on dev, image, deploy dev + smoke gate, input approval, blue/green prod, promote.
// Timer (nightly, main only): post-production evaluation from serve logs, DataOps prep.
// Credentials: 'aoai-api-base', 'aoai-api-key' (secret text, not needed offline), 'llmops-azure' (Azure service
// principal). Plugins: Pipeline, Credentials Binding, Azure Credentials, JUnit, HTML Publisher, Lockable Resources.
def call(Map config) {
  pipeline {
    agent any
    options {
      timeout(time: 180, unit: 'MINUTES')
      disableConcurrentBuilds()
      buildDiscarder(logRotator(numToKeepStr: '30'))
    }
    parameters {
      choice(name: 'LLMOPS_MODE', choices: ['auto', 'pr', 'main', 'scheduled'], description: 'auto: pr for a change request, scheduled for the timer, main on the main branch')
      string(name: 'LLMOPS_PR_ENV', defaultValue: 'pr', description: 'Experiment overlay of the pull-request check (offline needs no credentials)')
    }
    triggers {
      cron(env.BRANCH_NAME == 'main' ? 'H 3 * * *' : '')
    }
    environment {
      LLMOPS_USE_CASE = "${config.useCase}"
      LLMOPS_NAME = "${config.name}"
      LLMOPS_ENV = "${params.LLMOPS_PR_ENV ?: 'pr'}"
      LLMOPS_GATES = "${config.gates ?: ''}"
      LLMOPS_SOFT_GATES = "${config.softGates ?: ''}"
      LLMOPS_TARGET = "${config.target ?: 'azure_managed'}"
      LLMOPS_IMAGE_REPOSITORY = "${config.imageRepository ?: ''}"
      LLMOPS_LOGS = "${config.logs ?: ''}"
      LLMOPS_RELEASE_URL = "${config.releaseUrl ?: (env.LLMOPS_RELEASE_URL ?: '')}"
      PATH = "${env.WORKSPACE}/.llmops-bin:${env.PATH}"
    }
    stages {
      stage('Setup') {
        steps {
          llmopsSetup()
        }
      }
      stage('Validate') {
        when { expression { llmopsMode() == 'pr' } }
        steps {
          withLlmopsSecrets(env.LLMOPS_ENV) {
            sh 'llmops validate -u "$LLMOPS_USE_CASE" -e "$LLMOPS_ENV"'
          }
        }
      }
      stage('Experiment') {
        when { expression { llmopsMode() == 'pr' } }
        steps {
          withLlmopsSecrets(env.LLMOPS_ENV) {
            sh '''#!/usr/bin/env bash
              set -euo pipefail
              read -r -a gates <<< "$LLMOPS_GATES"
              mkdir -p reports
              llmops experiment -u "$LLMOPS_USE_CASE" -e "$LLMOPS_ENV" --report-dir reports \
                --build-id "$BUILD_NUMBER" --output-file reports/run_ids.json "${gates[@]}"
            '''
          }
        }
      }
      stage('Soft gates') {
        when { expression { llmopsMode() == 'pr' && env.LLMOPS_SOFT_GATES } }
        steps {
          warnError('llmops soft gate not met') {
            sh '''#!/usr/bin/env bash
              set -euo pipefail
              read -r -a gates <<< "$LLMOPS_SOFT_GATES"
              llmops report -u "$LLMOPS_USE_CASE" -e "$LLMOPS_ENV" --runs reports/run_ids.json \
                --report-dir reports/soft-gates "${gates[@]}"
            '''
          }
        }
      }
      stage('Register data') {
        when { expression { llmopsMode() == 'main' } }
        steps {
          withCredentials([azureServicePrincipal('llmops-azure')]) {
            sh 'llmops data register -u "$LLMOPS_USE_CASE" -e dev'
          }
        }
      }
      stage('Experiment (dev)') {
        when { expression { llmopsMode() == 'main' } }
        steps {
          withLlmopsSecrets('dev') {
            sh '''#!/usr/bin/env bash
              set -euo pipefail
              read -r -a gates <<< "$LLMOPS_GATES"
              mkdir -p reports
              llmops validate -u "$LLMOPS_USE_CASE" -e dev
              llmops experiment -u "$LLMOPS_USE_CASE" -e dev --report-dir reports \
                --build-id "$BUILD_NUMBER" --output-file reports/run_ids.json "${gates[@]}"
            '''
          }
        }
      }
      stage('Image') {
        when { expression { llmopsMode() == 'main' } }
        steps {
          withCredentials([azureServicePrincipal('llmops-azure')]) {
            sh '''#!/usr/bin/env bash
              set -euo pipefail
              image="${LLMOPS_IMAGE_REPOSITORY}:${GIT_COMMIT:0:12}"
              az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" \
                --password "$AZURE_CLIENT_SECRET" --output none
              az acr login --name "${LLMOPS_IMAGE_REPOSITORY%%.*}"
              llmops build -u "$LLMOPS_USE_CASE" -e dev --image "$image"
              printf '%s' "$image" > .llmops-image
            '''
          }
        }
      }
      stage('Deploy dev') {
        when { expression { llmopsMode() == 'main' } }
        options { lock(resource: "llmops-${config.name}-dev") }
        steps {
          withCredentials([azureServicePrincipal('llmops-azure')]) {
            sh '''#!/usr/bin/env bash
              set -euo pipefail
              LLMOPS_IMAGE="$(cat .llmops-image)"
              export LLMOPS_IMAGE
              mkdir -p deploy
              llmops deploy -u "$LLMOPS_USE_CASE" -e dev --target "$LLMOPS_TARGET" --output-file deploy/dev.json
              llmops deploy test -u "$LLMOPS_USE_CASE" -e dev --target "$LLMOPS_TARGET"
            '''
          }
        }
      }
      stage('Approve prod') {
        when { expression { llmopsMode() == 'main' } }
        options { timeout(time: 24, unit: 'HOURS') }
        steps {
          input message: "Deploy ${config.name} to prod?", ok: 'Deploy'
        }
      }
      stage('Deploy prod') {
        when { expression { llmopsMode() == 'main' } }
        options { lock(resource: "llmops-${config.name}-prod") }
        steps {
          withCredentials([azureServicePrincipal('llmops-azure')]) {
            sh '''#!/usr/bin/env bash
              set -euo pipefail
              LLMOPS_IMAGE="$(cat .llmops-image)"
              export LLMOPS_IMAGE
              # A web app's idle slot is its staging slot: deployed without a swap, tested, swapped in by promote.
              slot=()
              staged=()
              if [ "$LLMOPS_TARGET" = webapp ]; then slot=(--slot staging); staged=(--slot staging --no-swap); fi
              mkdir -p deploy
              llmops deploy -u "$LLMOPS_USE_CASE" -e prod --target "$LLMOPS_TARGET" --output-file deploy/prod.json \
                "${staged[@]}"
              if llmops deploy test -u "$LLMOPS_USE_CASE" -e prod --target "$LLMOPS_TARGET" "${slot[@]}" \
                && llmops deploy promote -u "$LLMOPS_USE_CASE" -e prod --target "$LLMOPS_TARGET" "${slot[@]}"; then
                exit 0
              fi
              # Only promote swaps a web app, after its smoke test: before that, production is as it was.
              if [ "$LLMOPS_TARGET" != webapp ]; then
                llmops deploy rollback -u "$LLMOPS_USE_CASE" -e prod --target "$LLMOPS_TARGET"
              fi
              exit 1
            '''
          }
        }
      }
      stage('Post-production evaluation') {
        when { expression { llmopsMode() == 'scheduled' } }
        steps {
          withCredentials([azureServicePrincipal('llmops-azure')]) {
            withLlmopsSecrets('prod') {
              sh 'llmops eval -u "$LLMOPS_USE_CASE" -e prod --from-logs "$LLMOPS_LOGS" --report-dir reports'
            }
          }
        }
      }
      stage('Data prep') {
        when { expression { llmopsMode() == 'scheduled' } }
        steps {
          withCredentials([azureServicePrincipal('llmops-azure')]) {
            sh '''#!/usr/bin/env bash
              set -euo pipefail
              llmops data prep -u "$LLMOPS_USE_CASE" -e dev
              llmops data register -u "$LLMOPS_USE_CASE" -e dev
            '''
          }
        }
      }
    }
    post {
      always {
        junit allowEmptyResults: true, testResults: 'reports/junit.xml'
        archiveArtifacts artifacts: 'reports/**, deploy/**', allowEmptyArchive: true
        publishHTML(target: [reportDir: 'reports', reportFiles: "${config.name}_result.html", reportName: "llmops ${config.name}",
                             allowMissing: true, alwaysLinkToLastBuild: true, keepAll: true])
      }
    }
  }
}
