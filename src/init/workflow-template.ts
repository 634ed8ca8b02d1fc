/**
 * The example spec `init` writes: Clarifai's Visual Text Recognition workflow,
 * wired correctly (the cropper reads the detector, not a concept classifier).
 */
import { schemaHeader } from './schema-header.js';

export const EXAMPLE_WORKFLOW_PATH = 'workflows/visual-text-recognition.yaml';

export function renderWorkflowTemplate(input: { schemaDir: string }): string {
  return [
    schemaHeader('workflow', input.schemaDir, 'workflows'),
    "# Clarifai's Visual Text Recognition workflow, correctly wired:",
    '# detect text regions → crop each region → read the text in each crop.',
    '# `vtr-wf test -e ENV` (or `apply --test`) runs the tests below against the live workflow.',
    'id: visual-text-recognition',
    'description: Detect, crop and read text in images',
    'nodes:',
    '  - id: detect-concept',
    '    model: text-detector',
    '  - id: image-crop',
    '    model: cropper',
    '    inputs: [detect-concept]',
    '  - id: image-to-text',
    '    model: text-recognizer',
    '    inputs: [image-crop]',
    'tests:',
    '  - name: sold-sign',
    '    image: images/sold-sign.png',
    '    expect:',
    '      text: [SOLD, HOUSE FOR SALE]',
    '      absent: [RENT]',
    '      min_regions: 2',
    '',
  ].join('\n');
}
