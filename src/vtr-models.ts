/**
 * The three models of Clarifai's Visual Text Recognition workflow, as the
 * contract's catalog names them. The emulator always knows these; `init`
 * scaffolds a catalog from them.
 */
import type { Role } from './spec/types.js';

export interface VtrModel {
  alias: string;
  id: string;
  version: string;
  role: Role;
  /** Public models live in Clarifai's own app. */
  user_id: string;
  app_id: string;
  name: string;
  model_type_id: string;
}

export const VTR_MODELS: readonly VtrModel[] = [
  {
    alias: 'text-detector',
    id: '2419e2eae04d04f820e5cf3aba42d0c7',
    version: '75a5b92a0dec436a891b5ad224ac9170',
    role: 'detector',
    user_id: 'clarifai',
    app_id: 'main',
    name: 'ocr-scene-english-paddleocr',
    model_type_id: 'visual-detector',
  },
  {
    alias: 'cropper',
    id: 'ce3f5832af7a4e56ae310d696cbbefd8',
    version: 'a78efb13f7774433aa2fd4864f41f0e6',
    role: 'cropper',
    user_id: 'clarifai',
    app_id: 'main',
    name: '1.0 Cropper',
    model_type_id: 'image-crop',
  },
  {
    alias: 'text-recognizer',
    id: '9fe78b4150a52794f86f237770141b33',
    version: 'd94413e582f341f68884cac72dbd2c7b',
    role: 'recognizer',
    user_id: 'clarifai',
    app_id: 'main',
    name: 'ocr-recognize',
    model_type_id: 'image-to-text',
  },
];
